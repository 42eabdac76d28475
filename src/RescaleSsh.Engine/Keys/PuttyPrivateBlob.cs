using RescaleSsh.Wire;
namespace RescaleSsh.Keys
{
    /// <summary>
    /// The private half of a PPK file (PuTTY manual, appendix C.3): ssh-rsa: mpint d, p, q, iqmp (q^-1 mod p);
    /// ecdsa-sha2-*: mpint private scalar; ssh-ed25519: string 32-byte seed. Readers ignore trailing padding.
    /// </summary>
    internal static class PuttyPrivateBlob
    {
        internal static byte[] Write(SshKey key)
        {
            var w = new SshDataWriter();
            switch (key.Algorithm)
            {
                case KeyAlgorithm.RSA:
                    w.WriteMpint(key.D);
                    w.WriteMpint(key.P);
                    w.WriteMpint(key.Q);
                    w.WriteMpint(key.InverseQ);
                    break;
                case KeyAlgorithm.ECDSA:
                    w.WriteMpint(key.Scalar);
                    break;
                default:
                    w.WriteString(key.Ed25519Seed);
                    break;
            }
            return w.ToArrayAndClear();
        }

        internal static SshKey Read(SshKey publicKey, byte[] blob)
        {
            var r = new SshDataReader(blob);
            switch (publicKey.Algorithm)
            {
                case KeyAlgorithm.RSA:
                {
                    var d = r.ReadMpint();
                    var p = r.ReadMpint();
                    var q = r.ReadMpint();
                    var iqmp = r.ReadMpint();
                    return SshKey.Rsa(publicKey.Modulus, publicKey.Exponent, d, p, q, iqmp, publicKey.Comment);
                }
                case KeyAlgorithm.ECDSA:
                    return SshKey.Ecdsa(publicKey.Curve, publicKey.Point, r.ReadMpint(), publicKey.Comment);
                default:
                {
                    var seed = r.ReadString();
                    if (seed.Length != 32) throw new MalformedDataException("Ed25519 private key is not 32 bytes");
                    return SshKey.Ed25519(publicKey.Ed25519Public, seed, publicKey.Comment);
                }
            }
        }
    }
}
