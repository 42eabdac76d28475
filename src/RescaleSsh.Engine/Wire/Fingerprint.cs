using System;
using System.Security.Cryptography;
using System.Text;

namespace RescaleSsh.Wire
{
    /// <summary>
    /// Key fingerprints exactly as <c>ssh-keygen -l</c> prints them (OpenSSH's sshkey_fingerprint):
    /// <c>SHA256:</c> + unpadded base64 of SHA-256 over the public key blob, or <c>MD5:</c> + colon-separated hex.
    /// </summary>
    internal static class Fingerprint
    {
        internal static string Sha256(byte[] publicBlob)
        {
            using (var sha = SHA256.Create())
            {
                return "SHA256:" + Convert.ToBase64String(sha.ComputeHash(publicBlob)).TrimEnd('=');
            }
        }

        internal static string Md5(byte[] publicBlob)
        {
#pragma warning disable CA5351 // an MD5 fingerprint is what ssh-keygen -E md5 prints (old tools show it); it identifies, it protects nothing
            using (var md5 = MD5.Create())
#pragma warning restore CA5351
            {
                var hash = md5.ComputeHash(publicBlob);
                var text = new StringBuilder("MD5:");
                for (int i = 0; i < hash.Length; i++)
                {
                    if (i > 0) text.Append(':');
                    text.Append(hash[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                }
                return text.ToString();
            }
        }

        /// <summary>By hash name as ssh-keygen -E takes it: SHA256 (default) or MD5.</summary>
        internal static string Of(byte[] publicBlob, string hash) =>
            string.Equals(hash, "MD5", StringComparison.OrdinalIgnoreCase) ? Md5(publicBlob) : Sha256(publicBlob);
    }
}
