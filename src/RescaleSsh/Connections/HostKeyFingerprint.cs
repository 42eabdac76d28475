using System;
using System.Security.Cryptography;

namespace RescaleSsh.Connections
{
    /// <summary>Host key fingerprints as OpenSSH prints them: <c>SHA256:</c> + unpadded base64 of SHA-256 over the key blob.</summary>
    internal static class HostKeyFingerprint
    {
        public static string Sha256(byte[] keyBlob)
        {
            using (var sha = SHA256.Create())
            {
                return "SHA256:" + Convert.ToBase64String(sha.ComputeHash(keyBlob)).TrimEnd('=');
            }
        }

        /// <summary>Accepts <c>SHA256:abc</c>, <c>abc</c> and padded base64, compared exactly (base64 is case-sensitive).</summary>
        public static bool Matches(string pin, string fingerprint)
        {
            if (string.IsNullOrWhiteSpace(pin)) return false;
            string p = pin.Trim();
            if (p.StartsWith("SHA256:", StringComparison.OrdinalIgnoreCase)) p = p.Substring(7);
            p = p.TrimEnd('=');
            return string.Equals("SHA256:" + p, fingerprint, StringComparison.Ordinal);
        }
    }
}
