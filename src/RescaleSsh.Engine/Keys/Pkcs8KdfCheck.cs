using System;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using RescaleSsh.Wire;

namespace RescaleSsh.Keys
{
    /// <summary>
    /// Looks at an encrypted PKCS#8 key's EncryptedPrivateKeyInfo (RFC 5958 section 3) before BouncyCastle derives
    /// anything from the passphrase: PBES2 with PBKDF2 (RFC 8018 appendix A.2 and A.4) has its iteration count checked
    /// against <see cref="KdfLimits"/>, as have the PBES1 (RFC 8018 A.3) and PKCS#12 (RFC 7292 appendix C) schemes,
    /// whose parameters are both SEQUENCE { salt OCTET STRING, iterations INTEGER }. A PBES2 key derivation other than
    /// PBKDF2 (OpenSSL's -scrypt) cannot be decrypted here and is said so, rather than passed off as a wrong passphrase.
    /// </summary>
    internal static class Pkcs8KdfCheck
    {
        internal const string BeginLine = "-----BEGIN ENCRYPTED PRIVATE KEY-----";
        internal const string EndLine = "-----END ENCRYPTED PRIVATE KEY-----";
        private const string ScryptOid = "1.3.6.1.4.1.11591.4.11";

        internal static void Check(string text, string path)
        {
            byte[] der = Armor.Decode(text, BeginLine, EndLine);
            AlgorithmIdentifier scheme;
            try
            {
                scheme = EncryptedPrivateKeyInfo.GetInstance(Asn1Object.FromByteArray(der)).EncryptionAlgorithm;
            }
            catch (Exception ex) when (ex is ArgumentException || ex is InvalidCastException || ex is System.IO.IOException || ex is InvalidOperationException)
            {
                throw new MalformedDataException("the encrypted PKCS#8 structure cannot be decoded");
            }

            if (scheme.Algorithm.Equals(PkcsObjectIdentifiers.IdPbeS2))
            {
                var kdf = PbeS2Parameters.GetInstance(scheme.Parameters).KeyDerivationFunc;
                if (kdf.Algorithm.Equals(PkcsObjectIdentifiers.IdPbkdf2))
                {
                    KdfLimits.CheckIterations(path, "PBKDF2", Count(Pbkdf2Params.GetInstance(kdf.Parameters).IterationCount));
                    return;
                }
                string name = kdf.Algorithm.Id == ScryptOid ? "scrypt" : kdf.Algorithm.Id;
                throw new MalformedDataException($"its passphrase is derived with {name}, which RescaleSsh cannot decrypt; re-encrypt it with ssh-keygen -p -f \"{path}\"");
            }
            if (scheme.Parameters is Asn1Sequence sequence && sequence.Count == 2 &&
                sequence[0] is Asn1OctetString && sequence[1] is DerInteger iterations)
            {
                KdfLimits.CheckIterations(path, "PKCS#5/PKCS#12 key derivation", Count(iterations.Value));
            }
        }

        /// <summary>An ASN.1 INTEGER as a count; anything beyond a long is simply "too many".</summary>
        private static long Count(Org.BouncyCastle.Math.BigInteger value) =>
            value.BitLength > 62 ? long.MaxValue : value.LongValue;
    }
}
