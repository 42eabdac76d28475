using System;
using System.Text;

namespace RescaleSsh.Connections
{
    /// <summary>Reads the algorithm name at the start of an SSH public key blob (RFC 4253 section 6.6).</summary>
    internal static class SshKeyBlob
    {
        public static string KeyType(byte[] blob)
        {
            if (blob == null || blob.Length < 4) throw new FormatException("The key blob is too short.");
            int length = (blob[0] << 24) | (blob[1] << 16) | (blob[2] << 8) | blob[3];
            if (length <= 0 || length > blob.Length - 4) throw new FormatException("The key blob's type field is malformed.");
            return Encoding.ASCII.GetString(blob, 4, length);
        }
    }
}
