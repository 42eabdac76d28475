using System.IO;
using System.Linq;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.AuthorizedKeys
{
    /// <summary>Input that is not a public key, a private key above all, never reaches the device or an error message.</summary>
    public class PublicKeyRefusalTests : System.IDisposable
    {
        private readonly AuthorizedKeysTestBed _bed = new AuthorizedKeysTestBed();
        private readonly PowerShellSession _ps = new PowerShellSession();

        private void AssertRefusedAndUntouched(ScriptResult result, byte[] before, string secret)
        {
            Assert.Empty(result.Output);
            var error = Assert.Single(result.AllErrors);
            Assert.StartsWith("NotAPublicKey,", error.FullyQualifiedErrorId);
            Assert.Equal(System.Management.Automation.ErrorCategory.InvalidData, error.CategoryInfo.Category);
            foreach (string line in secret.Split('\n').Where(l => l.Length > 8 && !l.StartsWith("-----") && !l.Contains(':')))
            {
                Assert.DoesNotContain(line.Trim(), error.Exception.Message);
                Assert.DoesNotContain(line.Trim(), error.ToString());
            }
            Assert.Equal(before, _bed.ReadBytes());
            Assert.Equal(new[] { "authorized_keys" }, Directory.GetFiles(_bed.SshFolder).Select(Path.GetFileName));
        }

        [Theory]
        [InlineData("openssh")]
        [InlineData("pem")]
        [InlineData("ppk")]
        public void A_private_key_file_is_refused_before_anything_is_sent(string format)
        {
            string key = _bed.NewKey("secret", "rsa");
            string path = key;
            if (format == "pem") ExternalTool.Run("ssh-keygen", "-q", "-p", "-N", "", "-m", "PEM", "-f", key).EnsureSuccess("ssh-keygen -p");
            if (format == "ppk")
            {
                path = key + ".ppk";
                ExternalTool.Run("puttygen", key, "-O", "private", "-o", path).EnsureSuccess("puttygen");
            }
            byte[] before = _bed.ReadBytes();

            var result = _ps.Run($"Add-RescaleAuthorizedKey {_bed.Device()} -PublicKeyPath '{path}'");

            AssertRefusedAndUntouched(result, before, File.ReadAllText(path));
            Assert.Equal(path, result.AllErrors.Single().TargetObject);
            Assert.Contains("private key", result.AllErrors.Single().Exception.Message);
        }

        [Fact]
        public void A_private_key_passed_as_a_string_is_refused_and_not_echoed()
        {
            string key = _bed.NewKey("secret");
            string text = File.ReadAllText(key);
            byte[] before = _bed.ReadBytes();

            var result = _ps.Run($"Add-RescaleAuthorizedKey {_bed.Device()} -PublicKey $k", ("k", text));

            AssertRefusedAndUntouched(result, before, text);
        }

        [Fact]
        public void A_file_that_is_not_a_key_names_the_line_and_changes_nothing()
        {
            string path = Path.Combine(_bed.Server.ClientFolder, "notes.pub");
            File.WriteAllText(path, "# my key\nssh-ed25519 this-is-not-base64 me\n");
            byte[] before = _bed.ReadBytes();

            var result = _ps.Run($"Add-RescaleAuthorizedKey {_bed.Device()} -PublicKeyPath '{path}'");

            AssertRefusedAndUntouched(result, before, "");
            Assert.Contains("Line 2", result.AllErrors.Single().Exception.Message);
        }

        [Fact]
        public void A_missing_public_key_file_is_ObjectNotFound()
        {
            var result = _ps.Run($"Add-RescaleAuthorizedKey {_bed.Device()} -PublicKeyPath '{_bed.Server.ClientFolder}/nothing.pub'");

            var error = Assert.Single(result.AllErrors);
            Assert.StartsWith("PublicKeyFileNotFound,", error.FullyQualifiedErrorId);
            Assert.Equal(System.Management.Automation.ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        }

        public void Dispose()
        {
            _ps.Dispose();
            _bed.Dispose();
        }
    }
}
