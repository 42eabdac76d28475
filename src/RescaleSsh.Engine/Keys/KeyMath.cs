using System;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using BigInteger = Org.BouncyCastle.Math.BigInteger;
using RescaleSsh.Wire;

namespace RescaleSsh.Keys
{
    /// <summary>
    /// The key mathematics that need BouncyCastle.Cryptography, behind signatures of plain byte arrays (so that
    /// no BouncyCastle type leaks out of the module): Ed25519 public keys from seeds, EC point multiplication,
    /// consistency checks of private keys read from files, and Argon2 for PPK v3.
    /// </summary>
    internal static class KeyMath
    {
        internal static byte[] Ed25519PublicFromSeed(byte[] seed)
        {
            var privateKey = new Ed25519PrivateKeyParameters(seed, 0);
            return privateKey.GeneratePublicKey().GetEncoded();
        }

        /// <summary>The uncompressed point d·G on a NIST curve (nistp256/384/521).</summary>
        internal static byte[] EcPublicPoint(string curve, byte[] scalar)
        {
            X9ECParameters parameters = CurveParameters(curve);
            var d = new BigInteger(1, scalar);
            if (d.SignValue <= 0 || d.CompareTo(parameters.N) >= 0) throw new MalformedDataException("ECDSA private value out of range");
            return parameters.G.Multiply(d).Normalize().GetEncoded(false);
        }

        internal static X9ECParameters CurveParameters(string curve)
        {
            string name = curve == "nistp256" ? "P-256" : curve == "nistp384" ? "P-384" : curve == "nistp521" ? "P-521" : null;
            if (name == null) throw new KeyTypeNotSupportedException("ecdsa-sha2-" + curve);
            return ECNamedCurveTable.GetByName(name);
        }

        /// <summary>Proves that a private key read from a file belongs to its public key; a corrupted file fails here.</summary>
        internal static void CheckConsistent(SshKey key)
        {
            switch (key.Algorithm)
            {
                case KeyAlgorithm.RSA:
                {
                    if (key.P == null || key.Q == null || key.D == null || key.InverseQ == null) throw new MalformedDataException("RSA private values missing");
                    var n = new BigInteger(1, key.Modulus);
                    var p = new BigInteger(1, key.P);
                    var q = new BigInteger(1, key.Q);
                    var d = new BigInteger(1, key.D);
                    var e = new BigInteger(1, key.Exponent);
                    var iqmp = new BigInteger(1, key.InverseQ);
                    if (p.SignValue <= 0 || q.SignValue <= 0 || !p.Multiply(q).Equals(n))
                        throw new MalformedDataException("RSA primes do not match the modulus");
                    var phi = p.Subtract(BigInteger.One).Multiply(q.Subtract(BigInteger.One));
                    if (!e.Multiply(d).Mod(p.Subtract(BigInteger.One)).Equals(BigInteger.One) ||
                        !e.Multiply(d).Mod(q.Subtract(BigInteger.One)).Equals(BigInteger.One) || phi.SignValue <= 0)
                        throw new MalformedDataException("RSA private exponent does not match");
                    if (!q.Multiply(iqmp).Mod(p).Equals(BigInteger.One))
                        throw new MalformedDataException("RSA coefficient does not match");
                    break;
                }
                case KeyAlgorithm.ECDSA:
                    if (key.Scalar == null || !Bytes.Equal(EcPublicPoint(key.Curve, key.Scalar), key.Point))
                        throw new MalformedDataException("ECDSA private value does not match the public key");
                    break;
                default:
                    if (key.Ed25519Seed == null || key.Ed25519Seed.Length != 32 || !Bytes.Equal(Ed25519PublicFromSeed(key.Ed25519Seed), key.Ed25519Public))
                        throw new MalformedDataException("Ed25519 private key does not match the public key");
                    break;
            }
        }

        /// <summary>q^-1 mod p, for formats that do not store it (PKCS#8 keys always do; kept for completeness of RSA keys from factors).</summary>
        internal static byte[] InverseQ(byte[] p, byte[] q) =>
            new BigInteger(1, q).ModInverse(new BigInteger(1, p)).ToByteArrayUnsigned();

        /// <summary>Argon2 (RFC 9106, version 0x13) as PPK v3 runs it: no secret, no associated data.</summary>
        internal static byte[] Argon2(string flavour, byte[] password, byte[] salt, int memoryKiB, int passes, int parallelism, int length)
        {
            int type = flavour == "Argon2id" ? Argon2Parameters.Argon2id : flavour == "Argon2i" ? Argon2Parameters.Argon2i :
                flavour == "Argon2d" ? Argon2Parameters.Argon2d : throw new MalformedDataException("unknown key derivation");
            var parameters = new Argon2Parameters.Builder(type)
                .WithVersion(Argon2Parameters.Version13)
                .WithMemoryAsKB(memoryKiB)
                .WithIterations(passes)
                .WithParallelism(parallelism)
                .WithSalt(salt)
                .Build();
            var generator = new Argon2BytesGenerator();
            generator.Init(parameters);
            var output = new byte[length];
            generator.GenerateBytes(password, output);
            return output;
        }
    }
}
