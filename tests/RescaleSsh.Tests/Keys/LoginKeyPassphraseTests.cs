using System.IO;
using System.Linq;
using System.Management.Automation;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Keys
{
    /// <summary>
    /// A wrong -KeyPassphrase for an encrypted PKCS#8 login key (BouncyCastle's "pad block corrupted" underneath) is
    /// KeyPassphraseIncorrect with the key file as target in every cmdlet, as for every other format; the login key is
    /// read before anything is sent. Test-RescaleConnection reports it in Error and still checks the device.
    /// </summary>
    public class LoginKeyPassphraseTests : IClassFixture<SshServerFixture>
    {
        private const string Wrong = "not the passphrase";
        private readonly SshServer _server;

        public LoginKeyPassphraseTests(SshServerFixture fixture)
        {
            _server = fixture.Server;
        }

        private (string Key, TempFolder Folder) EncryptedPkcs8()
        {
            var folder = new TempFolder();
            string key = folder.Combine("pkcs8_rsa");
            ExternalTool.Run("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-m", "PKCS8", "-N", KeyKit.Pass, "-f", key).EnsureSuccess("ssh-keygen -m PKCS8");
            Assert.StartsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----", File.ReadAllText(key));
            _server.AuthorizeKey(File.ReadAllText(key + ".pub"));
            return (key, folder);
        }

        private string Connection(string key, TempFolder folder) =>
            $"-Port {_server.Port} -KeyFilePath '{key}' -KnownHostsPath '{folder.Combine("known_hosts")}' -KeyPassphrase $pass";

        [Theory]
        [InlineData("New-RescaleSession 127.0.0.1 -UserName $user {0}")]
        [InlineData("Get-RescaleAuthorizedKey 127.0.0.1 -UserName $user {0}")]
        [InlineData("Add-RescaleAuthorizedKey 127.0.0.1 -UserName $user -PublicKey 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE9Jgu+XLTBBXTMB9MeKWE/kRnBJxUv3O3kTgq4LBdeX x' {0}")]
        [InlineData("Copy-RescaleItem $local -Destination \"$user@127.0.0.1:wrong-passphrase-never-written\" {0}")]
        public void A_wrong_passphrase_on_a_PKCS8_login_key_is_KeyPassphraseIncorrect_naming_the_key(string command)
        {
            var (key, folder) = EncryptedPkcs8();
            using (folder)
            {
                using var ps = new PowerShellSession();
                string local = folder.Combine("local.txt");
                File.WriteAllText(local, "data");

                var result = ps.Run(string.Format(command, Connection(key, folder)),
                    ("user", _server.UserName), ("pass", KeyKit.Secure(Wrong)), ("local", local));

                var error = Assert.Single(result.AllErrors);
                Assert.Equal("KeyPassphraseIncorrect", error.FullyQualifiedErrorId.Split(',')[0]);
                Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
                Assert.Equal(key, error.TargetObject);
                Assert.DoesNotContain("pad block", error.Exception.Message);
                Assert.DoesNotContain(Wrong, error.Exception.Message);
                Assert.False(File.Exists(Path.Combine(_server.Home, "wrong-passphrase-never-written")));

                // The right passphrase logs in with the same key.
                var right = ps.Run($"Get-RescaleAuthorizedKey 127.0.0.1 -UserName $user {Connection(key, folder)}",
                    ("user", _server.UserName), ("pass", KeyKit.Secure(KeyKit.Pass)));
                Assert.Empty(right.AllErrors);
            }
        }

        [Fact]
        public void Test_connection_reports_a_wrong_PKCS8_passphrase_in_Error_and_still_checks_the_device()
        {
            var (key, folder) = EncryptedPkcs8();
            using (folder)
            {
                using var ps = new PowerShellSession();
                var result = ps.Run($"Test-RescaleConnection 127.0.0.1 -UserName $user {Connection(key, folder)}",
                    ("user", _server.UserName), ("pass", KeyKit.Secure(Wrong)));

                Assert.Empty(result.AllErrors);
                var test = result.Output.Single();
                Assert.Equal(true, test.Properties["Reachable"].Value);
                Assert.Equal(false, test.Properties["Authenticated"].Value);
                Assert.Contains("passphrase does not decrypt the key file", (string)test.Properties["Error"].Value);
                Assert.Contains(key, (string)test.Properties["Error"].Value);
            }
        }
    }
}
