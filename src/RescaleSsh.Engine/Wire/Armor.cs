using System;

namespace RescaleSsh.Wire
{
    /// <summary>Base64 between BEGIN/END lines (RFC 7468 textual encoding, as OpenSSH and OpenSSL write it).</summary>
    internal static class Armor
    {
        internal static byte[] Decode(string text, string begin, string end)
        {
            int start = text.IndexOf(begin, StringComparison.Ordinal);
            if (start < 0) throw new MalformedDataException("BEGIN line missing");
            start += begin.Length;
            int stop = text.IndexOf(end, start, StringComparison.Ordinal);
            if (stop < 0) throw new MalformedDataException("END line missing (truncated file?)");
            var chars = new char[stop - start];
            int n = 0;
            for (int i = start; i < stop; i++)
            {
                char c = text[i];
                if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
                chars[n++] = c;
            }
            try
            {
                return Convert.FromBase64CharArray(chars, 0, n);
            }
            catch (FormatException)
            {
                throw new MalformedDataException("the key data is not base64");
            }
            finally
            {
                Array.Clear(chars, 0, chars.Length);
            }
        }
    }
}
