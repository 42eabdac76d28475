using System;
using System.Text;
using RescaleSsh.Wire;

namespace RescaleSsh.Keys
{
    /// <summary>
    /// Reads the SSH2 public key file format of RFC 4716 ("---- BEGIN SSH2 PUBLIC KEY ----", as PuTTYgen's
    /// "Save public key" and <c>ssh-keygen -e</c> write it): header lines (with '\' continuations) then base64.
    /// </summary>
    internal static class Rfc4716PublicKeyReader
    {
        private const string Begin = "---- BEGIN SSH2 PUBLIC KEY ----";
        private const string End = "---- END SSH2 PUBLIC KEY ----";

        internal static bool Recognises(string text) => text.IndexOf(Begin, StringComparison.Ordinal) >= 0;

        internal static SshKey Read(string text)
        {
            int start = text.IndexOf(Begin, StringComparison.Ordinal) + Begin.Length;
            int stop = text.IndexOf(End, start, StringComparison.Ordinal);
            if (stop < 0) throw new MalformedDataException("END line missing (truncated file?)");
            string comment = "";
            var base64 = new StringBuilder();
            bool continuation = false;
            foreach (var raw in text.Substring(start, stop - start).Replace("\r", "").Split('\n'))
            {
                string line = raw.Trim();
                if (line.Length == 0) continue;
                if (continuation || line.IndexOf(':') > 0)
                {
                    if (!continuation && line.StartsWith("Comment:", StringComparison.OrdinalIgnoreCase))
                        comment = line.Substring(8).Trim().Trim('"');
                    continuation = line.EndsWith("\\", StringComparison.Ordinal);
                    continue;
                }
                base64.Append(line);
            }
            byte[] blob;
            try
            {
                blob = Convert.FromBase64String(base64.ToString());
            }
            catch (FormatException)
            {
                throw new MalformedDataException("the key data is not base64");
            }
            var key = SshKey.FromPublicBlob(blob);
            key.Comment = comment;
            return key;
        }
    }
}
