using System.Linq;
using System.Management.Automation;
using RescaleSsh.Keys;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Keys
{
    /// <summary>
    /// A key file whose passphrase derivation asks for more work than the documented limits (KdfLimits) is refused
    /// with KeyKdfTooExpensive naming the parameter, before any derivation runs: when reading it (Get-RescaleKey) and
    /// when logging in with it (-KeyFilePath), where the key is read before any connection is made.
    /// </summary>
    public class KdfLimitTests
    {
        public static TheoryData<string, long, long, long, string> Costly => new()
        {
            // format, first parameter, second, third, what the message must name
            { "openssh", uint.MaxValue >> 1, 0, 0, "bcrypt_pbkdf rounds 2,147,483,647" },
            { "openssh", KdfLimits.MaxBcryptRounds + 1, 0, 0, "bcrypt_pbkdf rounds 1,025" },
            { "ppk", 4L * 1024 * 1024, 100_000, 1, "Argon2-Memory 4,194,304 KiB" },
            { "ppk", 8192, 100_000, 1, "Argon2-Passes 100,000 at Argon2-Memory 8,192 KiB" },
            { "ppk", 8192, 1, 1000, "Argon2-Parallelism 1,000" },
            { "pkcs8", 12_000_000, 0, 0, "PBKDF2 iterations 12,000,000" },
        };

        private static string CostlyFile(TempFolder folder, string format, long a, long b, long c) => format switch
        {
            "openssh" => CostlyKeyFiles.OpenSshWithRounds(folder, (uint)a),
            "ppk" => CostlyKeyFiles.PuttyWithArgon2(folder, a, b, c),
            _ => CostlyKeyFiles.Pkcs8WithIterations(folder, a),
        };

        [Theory]
        [MemberData(nameof(Costly))]
        public void A_key_asking_too_much_derivation_work_is_KeyKdfTooExpensive_naming_the_parameter(string format, long a, long b, long c, string named)
        {
            using var folder = new TempFolder();
            using var ps = new PowerShellSession();
            string path = CostlyFile(folder, format, a, b, c);

            var read = ps.Run("Get-RescaleKey -Path $path -Passphrase $pass", ("path", path), ("pass", KeyKit.Secure(KeyKit.Pass)));

            var error = Assert.Single(read.AllErrors);
            Assert.StartsWith("KeyKdfTooExpensive,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.LimitsExceeded, error.CategoryInfo.Category);
            Assert.Equal(path, error.TargetObject);
            Assert.Contains(named, error.Exception.Message);
            Assert.DoesNotContain(KeyKit.Pass, error.Exception.Message);

            // As a login key: refused while the key is read, before any connection (nothing listens on the port).
            var login = ps.Run("New-RescaleSession -ComputerName 127.0.0.1 -UserName someone -Port $port -KeyFilePath $path -KeyPassphrase $pass -KnownHostsPath $kh",
                ("path", path), ("pass", KeyKit.Secure(KeyKit.Pass)), ("port", SshServer.FreePort()), ("kh", folder.Combine("known_hosts")));
            Assert.Equal("KeyKdfTooExpensive", login.AllErrors.Single().FullyQualifiedErrorId.Split(',')[0]);
            Assert.Contains(named, login.AllErrors.Single().Exception.Message);
        }

        [Fact]
        public void Without_a_passphrase_nothing_is_derived_so_the_public_half_is_still_read()
        {
            using var folder = new TempFolder();
            using var ps = new PowerShellSession();
            string path = CostlyKeyFiles.OpenSshWithRounds(folder, uint.MaxValue >> 1);

            var read = ps.Run("Get-RescaleKey -Path $path", ("path", path));

            Assert.Empty(read.AllErrors);
            Assert.Equal(true, read.Prop(0, "Encrypted"));
        }

        [Fact]
        public void The_limits_are_what_the_help_and_the_writers_say()
        {
            Assert.Equal(1024, KdfLimits.MaxBcryptRounds);
            Assert.Equal(KdfLimits.MaxBcryptRounds, OpenSshPrivateKeyReader.MaxRounds);
            Assert.Equal(256 * 1024, KdfLimits.MaxArgon2MemoryKiB);
            Assert.Equal(8L * 1024 * 1024, KdfLimits.MaxArgon2WorkKiB);
            Assert.Equal(10_000_000, KdfLimits.MaxPbkdf2Iterations);
            using var ps = new PowerShellSession();
            var tooMany = ps.Run("New-RescaleKeyPair -Path $p -Algorithm Ed25519 -Passphrase $pass -KdfRounds 1025",
                ("p", System.IO.Path.Combine(System.IO.Path.GetTempPath(), "never-written-" + System.Guid.NewGuid().ToString("N"))), ("pass", KeyKit.Secure(KeyKit.Pass)));
            Assert.StartsWith("ParameterArgumentValidationError,", tooMany.AllErrors.Single().FullyQualifiedErrorId);
        }

        [Fact]
        public void A_PKCS8_key_encrypted_with_scrypt_says_so_instead_of_blaming_the_passphrase()
        {
            using var folder = new TempFolder();
            using var ps = new PowerShellSession();
            string plain = folder.Combine("plain");
            ExternalTool.Run("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-m", "PEM", "-N", "", "-f", plain).EnsureSuccess("ssh-keygen");
            string scrypt = folder.Combine("scrypt");
            ExternalTool.Run("openssl", "pkcs8", "-topk8", "-scrypt", "-in", plain, "-out", scrypt, "-passout", "pass:" + KeyKit.Pass).EnsureSuccess("openssl pkcs8 -scrypt");

            var read = ps.Run("Get-RescaleKey -Path $path -Passphrase $pass", ("path", scrypt), ("pass", KeyKit.Secure(KeyKit.Pass)));

            var error = Assert.Single(read.AllErrors);
            Assert.StartsWith("KeyFileInvalid,", error.FullyQualifiedErrorId);
            Assert.Contains("scrypt", error.Exception.Message);
        }
    }
}
