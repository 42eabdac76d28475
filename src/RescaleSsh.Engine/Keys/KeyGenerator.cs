using System;
using System.Security.Cryptography;
using RescaleSsh.Wire;

namespace RescaleSsh.Keys
{
    /// <summary>
    /// Generates keys from the operating system's CSPRNG through maintained implementations: the BCL's RSA and
    /// ECDSA (OpenSSL on Linux/macOS, CNG on Windows — the same code ssh-keygen's OpenSSL build runs) and
    /// BouncyCastle's Ed25519 for the public point of a random 32-byte seed (RFC 8032 5.1.5).
    /// </summary>
    internal static class KeyGenerator
    {
        internal const int DefaultRsaBits = 4096;
        internal const int MinRsaBits = 2048;
        internal const int MaxRsaBits = 16384;
        internal const int DefaultEcdsaBits = 256;

        /// <summary>Checks -KeySize for the algorithm; null means the default. Returns the size to use.</summary>
        internal static int ValidateSize(KeyAlgorithm algorithm, int? size)
        {
            switch (algorithm)
            {
                case KeyAlgorithm.RSA:
                    int bits = size ?? DefaultRsaBits;
                    if (bits < MinRsaBits || bits > MaxRsaBits || bits % 8 != 0) throw KeyErrors.SizeInvalid(algorithm, bits);
                    return bits;
                case KeyAlgorithm.ECDSA:
                    int curveBits = size ?? DefaultEcdsaBits;
                    if (curveBits != 256 && curveBits != 384 && curveBits != 521) throw KeyErrors.SizeInvalid(algorithm, curveBits);
                    return curveBits;
                default:
                    if (size.HasValue) throw KeyErrors.SizeNotApplicable();
                    return 256;
            }
        }

        internal static SshKey Generate(KeyAlgorithm algorithm, int? size, string comment)
        {
            int bits = ValidateSize(algorithm, size);
            switch (algorithm)
            {
                case KeyAlgorithm.RSA: return GenerateRsa(bits, comment);
                case KeyAlgorithm.ECDSA: return GenerateEcdsa(bits, comment);
                default: return GenerateEd25519(comment);
            }
        }

        private static SshKey GenerateRsa(int bits, string comment)
        {
            using (var rsa = RSA.Create())
            {
                rsa.KeySize = bits;
                RSAParameters p = rsa.ExportParameters(true);
                // ssh-keygen's iqmp is q^-1 mod p, which is what RSAParameters.InverseQ holds.
                var key = SshKey.Rsa(p.Modulus, p.Exponent, p.D, p.P, p.Q, p.InverseQ, comment);
                Bytes.Clear(p.DP, p.DQ);
                return key;
            }
        }

        private static SshKey GenerateEcdsa(int bits, string comment)
        {
            ECCurve curve = bits == 256 ? ECCurve.NamedCurves.nistP256 : bits == 384 ? ECCurve.NamedCurves.nistP384 : ECCurve.NamedCurves.nistP521;
            string name = "nistp" + bits;
            using (var ecdsa = ECDsa.Create(curve))
            {
                ECParameters p = ecdsa.ExportParameters(true);
                int len = SshKey.CoordinateLength(name);
                var point = new byte[1 + 2 * len];
                point[0] = 4;
                CopyRightAligned(p.Q.X, point, 1, len);
                CopyRightAligned(p.Q.Y, point, 1 + len, len);
                return SshKey.Ecdsa(name, point, p.D, comment);
            }
        }

        private static SshKey GenerateEd25519(string comment)
        {
            var seed = new byte[32];
            using (var rng = RandomNumberGenerator.Create()) rng.GetBytes(seed);
            return SshKey.Ed25519(KeyMath.Ed25519PublicFromSeed(seed), seed, comment);
        }

        private static void CopyRightAligned(byte[] value, byte[] target, int offset, int length)
        {
            int start = 0;
            while (value.Length - start > length && value[start] == 0) start++;
            int count = value.Length - start;
            Buffer.BlockCopy(value, start, target, offset + length - count, count);
        }

        internal static byte[] RandomBytes(int count)
        {
            var bytes = new byte[count];
            using (var rng = RandomNumberGenerator.Create()) rng.GetBytes(bytes);
            return bytes;
        }
    }
}
