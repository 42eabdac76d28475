using System;

namespace RescaleSsh.Connections
{
    /// <summary>A -HostKeyFingerprint pin: <c>SHA256:abc</c>, <c>abc</c> or padded base64, compared exactly (base64 is case-sensitive).</summary>
    internal static class HostKeyPin
    {
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
