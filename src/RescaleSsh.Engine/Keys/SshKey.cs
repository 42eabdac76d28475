using System;
using RescaleSsh.Wire;

namespace RescaleSsh.Keys
{
    /// <summary>
    /// One SSH key as plain values (unsigned big-endian integers, raw Ed25519 bytes), shared by every
    /// reader and writer so no format code depends on another library's key types.
    /// Public part: always set. Private part: set when <see cref="HasPrivateKey"/>; <see cref="Clear"/> zeroes it.
    /// Blob layouts follow RFC 4253 6.6 (ssh-rsa), RFC 5656 3.1 (ecdsa-sha2-*) and RFC 8709 (ssh-ed25519).
    /// </summary>
    internal sealed class SshKey
    {
        internal KeyAlgorithm Algorithm { get; private set; }
        internal string Comment { get; set; } = "";

        // RSA
        internal byte[] Modulus { get; private set; }
        internal byte[] Exponent { get; private set; }
        internal byte[] D { get; private set; }
        internal byte[] P { get; private set; }
        internal byte[] Q { get; private set; }
        internal byte[] InverseQ { get; private set; }

        // ECDSA: curve identifier (nistp256 …), uncompressed point, private scalar
        internal string Curve { get; private set; }
        internal byte[] Point { get; private set; }
        internal byte[] Scalar { get; private set; }

        // Ed25519: 32-byte public key and 32-byte seed
        internal byte[] Ed25519Public { get; private set; }
        internal byte[] Ed25519Seed { get; private set; }

        internal bool HasPrivateKey =>
            Algorithm == KeyAlgorithm.RSA ? D != null :
            Algorithm == KeyAlgorithm.ECDSA ? Scalar != null : Ed25519Seed != null;

        internal static SshKey Rsa(byte[] n, byte[] e, byte[] d = null, byte[] p = null, byte[] q = null, byte[] iqmp = null, string comment = "") =>
            new SshKey { Algorithm = KeyAlgorithm.RSA, Modulus = Trim(n), Exponent = Trim(e), D = d, P = p, Q = q, InverseQ = iqmp, Comment = comment ?? "" };

        internal static SshKey Ecdsa(string curve, byte[] point, byte[] scalar = null, string comment = "") =>
            new SshKey { Algorithm = KeyAlgorithm.ECDSA, Curve = curve, Point = point, Scalar = scalar, Comment = comment ?? "" };

        internal static SshKey Ed25519(byte[] publicKey, byte[] seed = null, string comment = "") =>
            new SshKey { Algorithm = KeyAlgorithm.Ed25519, Ed25519Public = publicKey, Ed25519Seed = seed, Comment = comment ?? "" };

        /// <summary>The SSH public key algorithm name: ssh-rsa, ssh-ed25519, ecdsa-sha2-nistp256 …</summary>
        internal string TypeName =>
            Algorithm == KeyAlgorithm.RSA ? "ssh-rsa" :
            Algorithm == KeyAlgorithm.Ed25519 ? "ssh-ed25519" : "ecdsa-sha2-" + Curve;

        internal int KeySize
        {
            get
            {
                switch (Algorithm)
                {
                    case KeyAlgorithm.RSA:
                        int bits = (Modulus.Length - 1) * 8;
                        for (int top = Modulus[0]; top != 0; top >>= 1) bits++;
                        return bits;
                    case KeyAlgorithm.ECDSA:
                        return CurveBits(Curve);
                    default:
                        return 256;
                }
            }
        }

        internal static int CurveBits(string curve) =>
            curve == "nistp256" ? 256 : curve == "nistp384" ? 384 : curve == "nistp521" ? 521 : 0;

        /// <summary>Bytes of one coordinate on the curve: 32, 48, 66.</summary>
        internal static int CoordinateLength(string curve) => (CurveBits(curve) + 7) / 8;

        internal byte[] PublicBlob()
        {
            var w = new SshDataWriter();
            w.WriteString(TypeName);
            switch (Algorithm)
            {
                case KeyAlgorithm.RSA:
                    w.WriteMpint(Exponent);
                    w.WriteMpint(Modulus);
                    break;
                case KeyAlgorithm.ECDSA:
                    w.WriteString(Curve);
                    w.WriteString(Point);
                    break;
                default:
                    w.WriteString(Ed25519Public);
                    break;
            }
            return w.ToArray();
        }

        /// <summary>Parses a public key blob; refuses unknown algorithms and malformed data.</summary>
        internal static SshKey FromPublicBlob(byte[] blob)
        {
            var r = new SshDataReader(blob);
            var key = ReadPublicFields(r);
            if (r.Remaining != 0) throw new MalformedDataException("extra bytes after the public key");
            return key;
        }

        /// <summary>Reads a type name and the public fields that follow it (the shape shared by public blobs and OpenSSH private sections).</summary>
        internal static SshKey ReadPublicFields(SshDataReader r)
        {
            string type = ReadTypeName(r);
            return ReadPublicFieldsOf(type, r);
        }

        internal static string ReadTypeName(SshDataReader r)
        {
            var raw = r.ReadString();
            if (raw.Length > 64) throw new MalformedDataException("key type name too long");
            foreach (var b in raw)
            {
                if (b < 0x21 || b > 0x7e) throw new MalformedDataException("key type name is not printable");
            }
            return System.Text.Encoding.ASCII.GetString(raw);
        }

        internal static SshKey ReadPublicFieldsOf(string type, SshDataReader r)
        {
            switch (type)
            {
                case "ssh-rsa":
                {
                    var e = r.ReadMpint();
                    var n = r.ReadMpint();
                    if (n.Length == 0 || e.Length == 0) throw new MalformedDataException("empty RSA value");
                    return Rsa(n, e);
                }
                case "ssh-ed25519":
                {
                    var pk = r.ReadString();
                    if (pk.Length != 32) throw new MalformedDataException("Ed25519 public key is not 32 bytes");
                    return Ed25519(pk);
                }
                case "ecdsa-sha2-nistp256":
                case "ecdsa-sha2-nistp384":
                case "ecdsa-sha2-nistp521":
                {
                    string curve = System.Text.Encoding.ASCII.GetString(r.ReadString());
                    if ("ecdsa-sha2-" + curve != type) throw new MalformedDataException("ECDSA curve does not match the key type");
                    var point = r.ReadString();
                    int len = CoordinateLength(curve);
                    if (point.Length != 1 + 2 * len || point[0] != 4) throw new MalformedDataException("ECDSA point is not an uncompressed point of its curve");
                    return Ecdsa(curve, point);
                }
                default:
                    throw new KeyTypeNotSupportedException(type);
            }
        }

        /// <summary>True when both describe the same public key.</summary>
        internal bool SamePublicKey(SshKey other) => other != null && Bytes.Equal(PublicBlob(), other.PublicBlob());

        /// <summary>The same key without its private part.</summary>
        internal SshKey PublicOnly()
        {
            switch (Algorithm)
            {
                case KeyAlgorithm.RSA: return Rsa(Modulus, Exponent, comment: Comment);
                case KeyAlgorithm.ECDSA: return Ecdsa(Curve, Point, comment: Comment);
                default: return Ed25519(Ed25519Public, comment: Comment);
            }
        }

        internal void Clear()
        {
            foreach (var secret in new[] { D, P, Q, InverseQ, Scalar, Ed25519Seed })
            {
                if (secret != null) Array.Clear(secret, 0, secret.Length);
            }
        }

        private static byte[] Trim(byte[] value)
        {
            if (value == null) return null;
            int start = 0;
            while (start < value.Length - 1 && value[start] == 0) start++;
            if (start == 0) return value;
            var result = new byte[value.Length - start];
            Buffer.BlockCopy(value, start, result, 0, result.Length);
            return result;
        }
    }
}
