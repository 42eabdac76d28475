using System;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using RescaleSsh.Keys;
using Xunit;

namespace RescaleSsh.Engine.Tests.Keys
{
    /// <summary>The KDF limits at their edges, and the PKCS#8 schemes whose iteration counts are checked before BouncyCastle derives.</summary>
    public class KdfLimitsTests
    {
        private static string Id(Action action) => Assert.Throws<RescaleSshException>(action).ErrorId;

        [Fact]
        public void Each_limit_admits_its_own_value_and_refuses_the_next()
        {
            KdfLimits.CheckBcrypt("k", KdfLimits.MaxBcryptRounds);
            Assert.Equal("KeyKdfTooExpensive", Id(() => KdfLimits.CheckBcrypt("k", KdfLimits.MaxBcryptRounds + 1)));

            KdfLimits.CheckArgon2("k", KdfLimits.MaxArgon2MemoryKiB, KdfLimits.MaxArgon2WorkKiB / KdfLimits.MaxArgon2MemoryKiB, KdfLimits.MaxArgon2Parallelism);
            Assert.Equal("KeyKdfTooExpensive", Id(() => KdfLimits.CheckArgon2("k", KdfLimits.MaxArgon2MemoryKiB + 1, 1, 1)));
            Assert.Equal("KeyKdfTooExpensive", Id(() => KdfLimits.CheckArgon2("k", 8192, KdfLimits.MaxArgon2WorkKiB / 8192 + 1, 1)));
            Assert.Equal("KeyKdfTooExpensive", Id(() => KdfLimits.CheckArgon2("k", 8192, 1, KdfLimits.MaxArgon2Parallelism + 1)));
            // The largest values a PPK can hold (uint32) do not overflow the work product.
            Assert.Equal("KeyKdfTooExpensive", Id(() => KdfLimits.CheckArgon2("k", 8192, uint.MaxValue, 1)));

            KdfLimits.CheckIterations("k", "PBKDF2", KdfLimits.MaxPbkdf2Iterations);
            Assert.Equal("KeyKdfTooExpensive", Id(() => KdfLimits.CheckIterations("k", "PBKDF2", KdfLimits.MaxPbkdf2Iterations + 1)));
        }

        private static string Pem(AlgorithmIdentifier scheme) =>
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\n" +
            Convert.ToBase64String(new EncryptedPrivateKeyInfo(scheme, new byte[64]).GetEncoded(), Base64FormattingOptions.InsertLineBreaks) +
            "\n-----END ENCRYPTED PRIVATE KEY-----\n";

        private static AlgorithmIdentifier Pbes2(int iterations) =>
            new AlgorithmIdentifier(PkcsObjectIdentifiers.IdPbeS2, new PbeS2Parameters(
                new KeyDerivationFunc(PkcsObjectIdentifiers.IdPbkdf2, new Pbkdf2Params(new byte[8], iterations)),
                new EncryptionScheme(NistObjectIdentifiers.IdAes256Cbc, new DerOctetString(new byte[16]))));

        [Theory]
        [InlineData("pbes2")]
        [InlineData("pbes1")]
        [InlineData("pkcs12")]
        public void Every_iteration_count_of_an_encrypted_PKCS8_key_is_checked(string scheme)
        {
            AlgorithmIdentifier Build(int n) => scheme switch
            {
                "pbes2" => Pbes2(n),
                "pbes1" => new AlgorithmIdentifier(PkcsObjectIdentifiers.PbeWithSha1AndDesCbc, new PbeParameter(new byte[8], n)),
                _ => new AlgorithmIdentifier(PkcsObjectIdentifiers.PbeWithShaAnd3KeyTripleDesCbc, new Pkcs12PbeParams(new byte[8], n)),
            };

            Pkcs8KdfCheck.Check(Pem(Build(2048)), "k");
            var refused = Assert.Throws<RescaleSshException>(() => Pkcs8KdfCheck.Check(Pem(Build(int.MaxValue)), "k"));
            Assert.Equal("KeyKdfTooExpensive", refused.ErrorId);
            Assert.Contains("2,147,483,647", refused.Message);
        }

        [Fact]
        public void A_wrong_passphrase_read_through_the_whole_reader_is_KeyPassphraseIncorrect_not_a_library_message()
        {
            var pem = Pem(Pbes2(2048));
            var error = Assert.Throws<RescaleSshException>(() => KeyFileReader.Parse(System.Text.Encoding.ASCII.GetBytes(pem), System.Text.Encoding.UTF8.GetBytes("wrong"), "k"));
            Assert.Equal("KeyPassphraseIncorrect", error.ErrorId);
            Assert.DoesNotContain("pad block", error.Message);
        }
    }
}
