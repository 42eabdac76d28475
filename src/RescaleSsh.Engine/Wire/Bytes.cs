using System;

namespace RescaleSsh.Wire
{
    /// <summary>Small byte-array operations the formats need: constant-time comparison, hex, wiping.</summary>
    internal static class Bytes
    {
        internal static bool Equal(byte[] a, byte[] b)
        {
            if (a == null || b == null || a.Length != b.Length) return false;
            int diff = 0;
            for (int i = 0; i < a.Length; i++) diff |= a[i] ^ b[i];
            return diff == 0;
        }

        internal static string ToHex(byte[] data)
        {
            var chars = new char[data.Length * 2];
            const string digits = "0123456789abcdef";
            for (int i = 0; i < data.Length; i++)
            {
                chars[2 * i] = digits[data[i] >> 4];
                chars[2 * i + 1] = digits[data[i] & 15];
            }
            return new string(chars);
        }

        internal static byte[] FromHex(string hex)
        {
            if (hex == null || hex.Length % 2 != 0) throw new MalformedDataException("hex value has an odd length");
            var result = new byte[hex.Length / 2];
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = (byte)(Nibble(hex[2 * i]) << 4 | Nibble(hex[2 * i + 1]));
            }
            return result;
        }

        internal static void Clear(params byte[][] buffers)
        {
            foreach (var b in buffers)
            {
                if (b != null) Array.Clear(b, 0, b.Length);
            }
        }

        internal static byte[] Concat(params byte[][] parts)
        {
            int total = 0;
            foreach (var p in parts) total += p.Length;
            var result = new byte[total];
            int offset = 0;
            foreach (var p in parts)
            {
                Buffer.BlockCopy(p, 0, result, offset, p.Length);
                offset += p.Length;
            }
            return result;
        }

        private static int Nibble(char c)
        {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            throw new MalformedDataException("not a hex digit");
        }
    }
}
