using System;
using System.Security.Cryptography;
using RescaleSsh.Wire;

namespace RescaleSsh.Keys
{
    /// <summary>
    /// AES in the modes the key files use: CTR (openssh-key-v1's default aes256-ctr; netstandard2.0 has no CTR
    /// mode, so it is built on the BCL's AES-ECB with a 128-bit big-endian counter, as RFC 4344 defines it)
    /// and CBC without padding (aes*-cbc and PPK's aes256-cbc). Data lengths are whole blocks.
    /// </summary>
    internal static class AesModes
    {
        internal static byte[] Ctr(byte[] key, byte[] iv, byte[] data)
        {
            var output = new byte[data.Length];
            var counter = (byte[])iv.Clone();
            var stream = new byte[16];
            using (var aes = Aes.Create())
            {
                aes.Mode = CipherMode.ECB;
                aes.Padding = PaddingMode.None;
                aes.Key = key;
                using (var encryptor = aes.CreateEncryptor())
                {
                    for (int offset = 0; offset < data.Length; offset += 16)
                    {
                        encryptor.TransformBlock(counter, 0, 16, stream, 0);
                        int n = Math.Min(16, data.Length - offset);
                        for (int i = 0; i < n; i++) output[offset + i] = (byte)(data[offset + i] ^ stream[i]);
                        for (int i = 15; i >= 0 && ++counter[i] == 0; i--) { }
                    }
                }
            }
            Bytes.Clear(stream, counter);
            return output;
        }

        internal static byte[] CbcEncrypt(byte[] key, byte[] iv, byte[] data) => Cbc(key, iv, data, encrypt: true);

        internal static byte[] CbcDecrypt(byte[] key, byte[] iv, byte[] data) => Cbc(key, iv, data, encrypt: false);

        private static byte[] Cbc(byte[] key, byte[] iv, byte[] data, bool encrypt)
        {
            if (data.Length % 16 != 0) throw new MalformedDataException("encrypted data is not a whole number of blocks");
            using (var aes = Aes.Create())
            {
                aes.Mode = CipherMode.CBC;
                aes.Padding = PaddingMode.None;
                aes.Key = key;
                aes.IV = iv;
                using (var transform = encrypt ? aes.CreateEncryptor() : aes.CreateDecryptor())
                {
                    var output = new byte[data.Length];
                    if (data.Length > 0) transform.TransformBlock(data, 0, data.Length, output, 0);
                    return output;
                }
            }
        }
    }
}
