using System;
using System.Linq;

namespace RescaleSsh.Connections
{
    /// <summary>A -HostKeyFingerprint pin: <c>SHA256:abc</c>, <c>abc</c> or padded base64, compared exactly (base64 is case-sensitive).</summary>
    internal static class HostKeyPin
    {
        /// <summary>Unpadded base64 of a SHA-256 digest (32 bytes), as ssh-keygen -l prints it after "SHA256:".</summary>
        private const int DigestBase64Length = 43;

        public static bool Matches(string pin, string fingerprint)
        {
            if (string.IsNullOrWhiteSpace(pin)) return false;
            return string.Equals("SHA256:" + Digest(pin), fingerprint, StringComparison.Ordinal);
        }

        /// <summary>True when the pin can be a SHA256 fingerprint at all (an MD5 "aa:bb:…" one, or a typo, cannot).</summary>
        public static bool IsWellFormed(string pin)
        {
            if (string.IsNullOrWhiteSpace(pin)) return false;
            string digest = Digest(pin);
            return digest.Length == DigestBase64Length && digest.All(c =>
                (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/');
        }

        private static string Digest(string pin)
        {
            string p = pin.Trim();
            if (p.StartsWith("SHA256:", StringComparison.OrdinalIgnoreCase)) p = p.Substring(7);
            return p.TrimEnd('=');
        }
    }
}
