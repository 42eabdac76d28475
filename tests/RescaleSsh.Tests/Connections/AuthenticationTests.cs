using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Security;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Connections
{
    public class AuthenticationTests : IClassFixture<AuthenticationTests.Lab>
    {
        public sealed class Lab : System.IDisposable
        {
            public SshServer Server { get; } = SshServer.Start();
            public void Dispose() => Server.Dispose();
        }

        private readonly SshServer _server;

        public AuthenticationTests(Lab lab) => _server = lab.Server;

        private static SecureString Secure(string text)
        {
            var s = new SecureString();
            foreach (char c in text) s.AppendChar(c);
            s.MakeReadOnly();
            return s;
        }

        private string NewOpenSshKey(string type, string passphrase, params string[] extra)
        {
            string path = Path.Combine(_server.ClientFolder, $"{type}-{System.Guid.NewGuid():N}");
            var args = new[] { "-q", "-t", type, "-N", passphrase, "-C", "test", "-f", path }.Concat(extra).ToArray();
            ExternalTool.Run("ssh-keygen", args).EnsureSuccess("ssh-keygen");
            _server.AuthorizeKey(File.ReadAllText(path + ".pub"));
            return path;
        }

        private ScriptResult OpenSession(string keyPath, SecureString passphrase = null, int port = 0, int timeout = 15)
        {
            using var ps = new PowerShellSession();
            return ps.Run(
                "New-RescaleSession -ComputerName 127.0.0.1 -UserName $user -Port $port -KeyFilePath $key -KeyPassphrase $pass -KnownHostsPath $kh -ConnectTimeout $timeout | ForEach-Object { $_; Remove-RescaleSession $_ }",
                ("user", _server.UserName), ("port", port == 0 ? _server.Port : port), ("key", keyPath), ("pass", passphrase),
                ("kh", Path.Combine(_server.ClientFolder, "known_hosts")), ("timeout", timeout));
        }

        [Theory]
        [InlineData("rsa", "", new[] { "-b", "2048" })]
        [InlineData("rsa", "secret words", new[] { "-b", "3072" })]
        [InlineData("ed25519", "", new string[0])]
        [InlineData("ed25519", "pässphrase", new string[0])]
        [InlineData("ecdsa", "", new[] { "-b", "256" })]
        [InlineData("ecdsa", "pw", new[] { "-b", "384" })]
        [InlineData("ecdsa", "", new[] { "-b", "521" })]
        [InlineData("rsa", "", new[] { "-b", "2048", "-m", "PEM" })]
        [InlineData("rsa", "pem-pw", new[] { "-b", "2048", "-m", "PEM" })]
        [InlineData("ecdsa", "", new[] { "-b", "256", "-m", "PKCS8" })]
        public void A_key_made_by_ssh_keygen_logs_in(string type, string passphrase, string[] extra)
        {
            string key = NewOpenSshKey(type, passphrase, extra);
            var result = OpenSession(key, passphrase.Length > 0 ? Secure(passphrase) : null);
            Assert.Empty(result.AllErrors);
            var session = result.Output.Single();
            Assert.Equal(_server.UserName, session.Properties["UserName"].Value);
            Assert.Equal(_server.HostKeyFingerprint, session.Properties["HostKeyFingerprint"].Value);
        }

        [Theory]
        [InlineData("ed25519", "", "3")]
        [InlineData("rsa", "", "2")]
        [InlineData("ecdsa", "ppk-secret", "3")]
        [InlineData("rsa", "ppk-secret", "2")]
        public void A_ppk_made_by_puttygen_logs_in(string type, string passphrase, string ppkVersion)
        {
            string path = Path.Combine(_server.ClientFolder, $"putty-{System.Guid.NewGuid():N}.ppk");
            string passFile = Path.Combine(_server.ClientFolder, "pass-" + System.Guid.NewGuid().ToString("N"));
            File.WriteAllText(passFile, passphrase);
            var args = new[] { "-t", type, "-o", path, "--new-passphrase", passFile, "--ppk-param", "version=" + ppkVersion };
            if (type == "rsa") args = args.Concat(new[] { "-b", "2048" }).ToArray();
            ExternalTool.Run("puttygen", args).EnsureSuccess("puttygen generate");
            var pub = ExternalTool.Run("puttygen", new[] { path, "-O", "public-openssh", "--old-passphrase", passFile }).EnsureSuccess("puttygen public");
            _server.AuthorizeKey(pub.StdOut);

            var result = OpenSession(path, passphrase.Length > 0 ? Secure(passphrase) : null);

            Assert.Empty(result.AllErrors);
            Assert.Single(result.Output);
        }

        [Fact]
        public void A_password_logs_in_through_Credential_whose_user_name_is_the_UserName()
        {
            using var ps = new PowerShellSession();
            var credential = new PSCredential(_server.UserName, Secure(_server.Password));
            var result = ps.Run("Test-RescaleConnection 127.0.0.1 -Port $port -Credential $cred -KnownHostsPath $kh",
                ("port", _server.Port), ("cred", credential), ("kh", Path.Combine(_server.ClientFolder, "kh-password")));
            Assert.Empty(result.AllErrors);
            Assert.Equal(true, result.Prop(0, "Authenticated"));
            Assert.Equal(_server.UserName, result.Prop(0, "UserName"));
        }

        [Fact]
        public void A_wrong_passphrase_is_KeyPassphraseIncorrect_and_names_no_secret()
        {
            string key = NewOpenSshKey("ed25519", "right one");
            var result = OpenSession(key, Secure("wrong one"));
            var error = Assert.Single(result.AllErrors);
            Assert.StartsWith("KeyPassphraseIncorrect,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
            Assert.DoesNotContain("wrong one", error.Exception.Message);
            Assert.DoesNotContain("right one", error.Exception.Message);
        }

        [Fact]
        public void An_encrypted_key_without_a_passphrase_is_KeyPassphraseRequired()
        {
            string key = NewOpenSshKey("ed25519", "needed");
            var error = Assert.Single(OpenSession(key).AllErrors);
            Assert.StartsWith("KeyPassphraseRequired,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        }

        [Fact]
        public void A_key_the_device_does_not_know_is_AuthenticationFailed()
        {
            string path = Path.Combine(_server.ClientFolder, "stranger");
            ExternalTool.Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", path).EnsureSuccess("ssh-keygen");
            var error = Assert.Single(OpenSession(path).AllErrors);
            Assert.StartsWith("AuthenticationFailed,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
            Assert.Contains(_server.UserName, error.TargetObject.ToString());
        }

        [Fact]
        public void A_public_key_file_where_a_private_key_is_needed_is_KeyFileInvalid()
        {
            string key = NewOpenSshKey("ed25519", "");
            var error = Assert.Single(OpenSession(key + ".pub").AllErrors);
            Assert.StartsWith("KeyFileInvalid,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
            Assert.DoesNotContain(File.ReadAllText(key + ".pub").Split(' ')[1], error.Exception.Message);
        }

        [Fact]
        public void A_missing_key_file_is_KeyFileNotFound()
        {
            var error = Assert.Single(OpenSession(Path.Combine(_server.ClientFolder, "no-such-key")).AllErrors);
            Assert.StartsWith("KeyFileNotFound,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        }

        [Fact]
        public void An_unreachable_port_is_ConnectionRefused_within_the_timeout()
        {
            string key = NewOpenSshKey("ed25519", "");
            var clock = Stopwatch.StartNew();
            var error = Assert.Single(OpenSession(key, port: SshServer.FreePort(), timeout: 5).AllErrors);
            Assert.True(clock.Elapsed.TotalSeconds < 5 + 3, clock.Elapsed.ToString());
            Assert.StartsWith("ConnectionRefused,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ConnectionError, error.CategoryInfo.Category);
        }

        [Fact]
        public void A_port_that_answers_but_not_as_SSH_is_NotAnSshServer_within_the_timeout()
        {
            string key = NewOpenSshKey("ed25519", "");
            using var web = new NotSshServer(silent: false);
            var clock = Stopwatch.StartNew();
            var error = Assert.Single(OpenSession(key, port: web.Port, timeout: 5).AllErrors);
            Assert.True(clock.Elapsed.TotalSeconds < 5 + 3, clock.Elapsed.ToString());
            Assert.StartsWith("NotAnSshServer,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ProtocolError, error.CategoryInfo.Category);
        }

        [Fact]
        public void A_port_that_never_answers_is_ConnectionTimedOut_within_the_timeout()
        {
            string key = NewOpenSshKey("ed25519", "");
            using var silent = new NotSshServer(silent: true);
            var clock = Stopwatch.StartNew();
            var error = Assert.Single(OpenSession(key, port: silent.Port, timeout: 2).AllErrors);
            Assert.True(clock.Elapsed.TotalSeconds < 2 + 4, clock.Elapsed.ToString());
            Assert.StartsWith("ConnectionTimedOut,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.OperationTimeout, error.CategoryInfo.Category);
        }
    }
}
