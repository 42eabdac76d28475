using System;
using RescaleSsh.Wire;

namespace RescaleSsh.Keys
{
    /// <summary>
    /// The per-type private key fields of an openssh-key-v1 private section (OpenSSH sshkey.c,
    /// sshkey_private_serialize): ssh-rsa n e d iqmp p q; ecdsa curve Q d; ssh-ed25519 pk (seed||pk).
    /// </summary>
    internal static class PrivateKeyFields
    {
        internal static void Write(SshDataWriter w, SshKey key)
        {
            w.WriteString(key.TypeName);
            switch (key.Algorithm)
            {
                case KeyAlgorithm.RSA:
                    w.WriteMpint(key.Modulus);
                    w.WriteMpint(key.Exponent);
                    w.WriteMpint(key.D);
                    w.WriteMpint(key.InverseQ);
                    w.WriteMpint(key.P);
                    w.WriteMpint(key.Q);
                    break;
                case KeyAlgorithm.ECDSA:
                    w.WriteString(key.Curve);
                    w.WriteString(key.Point);
                    w.WriteMpint(key.Scalar);
                    break;
                default:
                    w.WriteString(key.Ed25519Public);
                    var secret = Bytes.Concat(key.Ed25519Seed, key.Ed25519Public);
                    w.WriteString(secret);
                    Array.Clear(secret, 0, secret.Length);
                    break;
            }
        }

        internal static SshKey Read(SshDataReader r)
        {
            string type = SshKey.ReadTypeName(r);
            switch (type)
            {
                case "ssh-rsa":
                {
                    var n = r.ReadMpint();
                    var e = r.ReadMpint();
                    var d = r.ReadMpint();
                    var iqmp = r.ReadMpint();
                    var p = r.ReadMpint();
                    var q = r.ReadMpint();
                    if (n.Length == 0 || e.Length == 0) throw new MalformedDataException("empty RSA value");
                    return SshKey.Rsa(n, e, d, p, q, iqmp);
                }
                case "ssh-ed25519":
                {
                    var pk = r.ReadString();
                    var sk = r.ReadString();
                    if (pk.Length != 32 || sk.Length != 64) throw new MalformedDataException("Ed25519 key lengths are wrong");
                    var seed = new byte[32];
                    Buffer.BlockCopy(sk, 0, seed, 0, 32);
                    Array.Clear(sk, 0, sk.Length);
                    return SshKey.Ed25519(pk, seed);
                }
                case "ecdsa-sha2-nistp256":
                case "ecdsa-sha2-nistp384":
                case "ecdsa-sha2-nistp521":
                {
                    var pub = SshKey.ReadPublicFieldsOf(type, r);
                    var d = r.ReadMpint();
                    return SshKey.Ecdsa(pub.Curve, pub.Point, d);
                }
                default:
                    throw new KeyTypeNotSupportedException(type);
            }
        }
    }
}
