using System;
using System.Buffers.Binary;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace RescaleSsh.Engine.Tests.Agents
{
    /// <summary>
    /// Verifies an SSH signature blob (string algorithm, string signature) over data with a public key blob, with the
    /// BCL (RSA, ECDSA) and BouncyCastle (Ed25519), independently of the engine's code, so that agent tests can fail.
    /// </summary>
    public static class SignatureCheck
    {
        public static string Algorithm(byte[] signatureBlob) => Encoding.ASCII.GetString(new Reader(signatureBlob).String());

        public static bool Verify(byte[] publicBlob, byte[] data, byte[] signatureBlob)
        {
            var key = new Reader(publicBlob);
            string keyType = Encoding.ASCII.GetString(key.String());
            var sig = new Reader(signatureBlob);
            string algorithm = Encoding.ASCII.GetString(sig.String());
            byte[] signature = sig.String();
            switch (keyType)
            {
                case "ssh-ed25519":
                {
                    if (algorithm != "ssh-ed25519") return false;
                    var signer = new Ed25519Signer();
                    signer.Init(false, new Ed25519PublicKeyParameters(key.String(), 0));
                    signer.BlockUpdate(data, 0, data.Length);
                    return signer.VerifySignature(signature);
                }
                case "ssh-rsa":
                {
                    byte[] e = Trim(key.String()), n = Trim(key.String());
                    var hash = algorithm switch
                    {
                        "rsa-sha2-512" => HashAlgorithmName.SHA512,
                        "rsa-sha2-256" => HashAlgorithmName.SHA256,
                        "ssh-rsa" => HashAlgorithmName.SHA1,
                        _ => throw new ArgumentException("not an RSA signature: " + algorithm),
                    };
                    using var rsa = RSA.Create(new RSAParameters { Modulus = n, Exponent = e });
                    // A signature whose first byte is zero may come one byte short (PuTTY's Pageant sends it so, about one
                    // in 256); OpenSSH pads it to the modulus before checking, and so does this.
                    if (signature.Length < n.Length)
                    {
                        var padded = new byte[n.Length];
                        Buffer.BlockCopy(signature, 0, padded, n.Length - signature.Length, signature.Length);
                        signature = padded;
                    }
                    return rsa.VerifyData(data, signature, hash, RSASignaturePadding.Pkcs1);
                }
                default:
                {
                    if (!keyType.StartsWith("ecdsa-sha2-") || algorithm != keyType) return false;
                    string curveName = Encoding.ASCII.GetString(key.String());
                    byte[] q = key.String();
                    (ECCurve curve, HashAlgorithmName hash, int size) = curveName switch
                    {
                        "nistp256" => (ECCurve.NamedCurves.nistP256, HashAlgorithmName.SHA256, 32),
                        "nistp384" => (ECCurve.NamedCurves.nistP384, HashAlgorithmName.SHA384, 48),
                        _ => (ECCurve.NamedCurves.nistP521, HashAlgorithmName.SHA512, 66),
                    };
                    using var ecdsa = ECDsa.Create(new ECParameters
                    {
                        Curve = curve,
                        Q = new ECPoint { X = q.Skip(1).Take(size).ToArray(), Y = q.Skip(1 + size).ToArray() },
                    });
                    var rs = new Reader(signature);
                    byte[] p1363 = Fixed(Trim(rs.String()), size).Concat(Fixed(Trim(rs.String()), size)).ToArray();
                    return ecdsa.VerifyData(data, p1363, hash);
                }
            }
        }

        private static byte[] Trim(byte[] mpint) => mpint.SkipWhile(b => b == 0).ToArray();

        private static byte[] Fixed(byte[] value, int size) => new byte[size - value.Length].Concat(value).ToArray();

        private sealed class Reader
        {
            private readonly byte[] _data;
            private int _position;

            public Reader(byte[] data) => _data = data;

            public byte[] String()
            {
                int length = (int)BinaryPrimitives.ReadUInt32BigEndian(_data.AsSpan(_position));
                var value = _data.AsSpan(_position + 4, length).ToArray();
                _position += 4 + length;
                return value;
            }
        }
    }
}
