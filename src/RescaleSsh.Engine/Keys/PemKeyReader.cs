using System;
using System.IO;
using System.Text;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.OpenSsl;
using RescaleSsh.Wire;

namespace RescaleSsh.Keys
{
    /// <summary>
    /// Reads the PEM key files OpenSSL and <c>ssh-keygen -m PEM|PKCS8</c> write — PKCS#1 RSA, SEC 1 EC,
    /// PKCS#8 (plain and encrypted), legacy OpenSSL encryption (Proc-Type/DEK-Info) and SubjectPublicKeyInfo
    /// public keys — through BouncyCastle's PemReader, and turns them into <see cref="SshKey"/>.
    /// </summary>
    internal static class PemKeyReader
    {
        internal static bool Recognises(string text) =>
            text.IndexOf("-----BEGIN ", StringComparison.Ordinal) >= 0 && text.IndexOf("KEY-----", StringComparison.Ordinal) >= 0;

        internal static KeyFile Read(string text, byte[] passphrase, string path)
        {
            int begin = text.IndexOf("-----BEGIN ", StringComparison.Ordinal);
            int labelEnd = text.IndexOf("-----", begin + 11, StringComparison.Ordinal);
            if (labelEnd < 0) throw new MalformedDataException("malformed BEGIN line");
            string label = text.Substring(begin + 11, labelEnd - begin - 11);
            string endLine = "-----END " + label + "-----";
            if (text.IndexOf(endLine, labelEnd, StringComparison.Ordinal) < 0) throw new MalformedDataException("END line missing (truncated file?)");
            if (label.IndexOf("DSA", StringComparison.Ordinal) >= 0) throw new KeyTypeNotSupportedException("ssh-dss");

            bool encrypted = label == "ENCRYPTED PRIVATE KEY" || text.IndexOf("Proc-Type: 4,ENCRYPTED", StringComparison.Ordinal) >= 0;
            if (encrypted && (passphrase == null || passphrase.Length == 0)) throw KeyErrors.PassphraseRequired(path);
            if (label == "ENCRYPTED PRIVATE KEY") Pkcs8KdfCheck.Check(text.Substring(begin), path);

            object pem;
            try
            {
                using (var reader = new StringReader(text.Substring(begin)))
                {
                    pem = new PemReader(reader, encrypted ? new PasswordFinder(passphrase) : null).ReadObject();
                }
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException) && !(ex is MalformedDataException))
            {
                if (encrypted) throw KeyErrors.PassphraseIncorrect(path);
                throw new MalformedDataException("the PEM data does not decode to a key");
            }

            if (pem is AsymmetricCipherKeyPair pair) pem = pair.Private;
            switch (pem)
            {
                case RsaPrivateCrtKeyParameters rsa:
                {
                    var key = SshKey.Rsa(rsa.Modulus.ToByteArrayUnsigned(), rsa.PublicExponent.ToByteArrayUnsigned(), rsa.Exponent.ToByteArrayUnsigned(),
                        rsa.P.ToByteArrayUnsigned(), rsa.Q.ToByteArrayUnsigned(), rsa.QInv.ToByteArrayUnsigned());
                    KeyMath.CheckConsistent(key);
                    return new KeyFile(key, KeyFileKind.Pem, encrypted);
                }
                case ECPrivateKeyParameters ec:
                {
                    string curve = CurveName(ec.Parameters);
                    byte[] scalar = ec.D.ToByteArrayUnsigned();
                    var key = SshKey.Ecdsa(curve, KeyMath.EcPublicPoint(curve, scalar), scalar);
                    return new KeyFile(key, KeyFileKind.Pem, encrypted);
                }
                case Ed25519PrivateKeyParameters ed:
                {
                    byte[] seed = ed.GetEncoded();
                    return new KeyFile(SshKey.Ed25519(KeyMath.Ed25519PublicFromSeed(seed), seed), KeyFileKind.Pem, encrypted);
                }
                case RsaKeyParameters rsaPublic when !rsaPublic.IsPrivate:
                    return new KeyFile(SshKey.Rsa(rsaPublic.Modulus.ToByteArrayUnsigned(), rsaPublic.Exponent.ToByteArrayUnsigned()), KeyFileKind.Public, false);
                case ECPublicKeyParameters ecPublic:
                    return new KeyFile(SshKey.Ecdsa(CurveName(ecPublic.Parameters), ecPublic.Q.Normalize().GetEncoded(false)), KeyFileKind.Public, false);
                case Ed25519PublicKeyParameters edPublic:
                    return new KeyFile(SshKey.Ed25519(edPublic.GetEncoded()), KeyFileKind.Public, false);
                case null:
                    throw new MalformedDataException("no key found in the PEM data");
                default:
                    throw new KeyTypeNotSupportedException(label);
            }
        }

        private static string CurveName(ECDomainParameters parameters)
        {
            foreach (var name in new[] { "nistp256", "nistp384", "nistp521" })
            {
                var x9 = KeyMath.CurveParameters(name);
                if (x9.Curve.Equals(parameters.Curve) && x9.G.Equals(parameters.G)) return name;
            }
            throw new KeyTypeNotSupportedException("ecdsa (curve other than P-256, P-384, P-521)");
        }

        private sealed class PasswordFinder : IPasswordFinder
        {
            private readonly byte[] _passphrase;

            internal PasswordFinder(byte[] passphrase)
            {
                _passphrase = passphrase;
            }

            public char[] GetPassword() => Encoding.UTF8.GetChars(_passphrase);
        }
    }
}
