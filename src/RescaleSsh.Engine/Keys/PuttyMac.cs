using System.Security.Cryptography;
using RescaleSsh.Wire;

namespace RescaleSsh.Keys
{
    /// <summary>
    /// The Private-MAC of a PPK file (PuTTY manual C.4): HMAC over string(algorithm), string(encryption),
    /// string(comment), string(public blob), string(private blob including padding) — HMAC-SHA-256 in v3,
    /// HMAC-SHA-1 in v2.
    /// </summary>
    internal static class PuttyMac
    {
        internal static byte[] Compute(int version, byte[] macKey, string algorithm, string encryption, string comment, byte[] publicBlob, byte[] privatePlain)
        {
            var w = new SshDataWriter();
            w.WriteString(algorithm);
            w.WriteString(encryption);
            w.WriteString(comment);
            w.WriteString(publicBlob);
            w.WriteString(privatePlain);
            byte[] data = w.ToArrayAndClear();
            try
            {
#pragma warning disable CA5350 // PPK v2's MAC is HMAC-SHA1 by definition (PuTTY's format); v3 uses HMAC-SHA-256
                using (HMAC hmac = version == 3 ? (HMAC)new HMACSHA256(macKey) : new HMACSHA1(macKey))
#pragma warning restore CA5350
                {
                    return hmac.ComputeHash(data);
                }
            }
            finally
            {
                Bytes.Clear(data);
            }
        }
    }
}
