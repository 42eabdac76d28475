using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Agents
{
    /// <summary>
    /// The cmdlets log into a real sshd with keys held by a real agent (ssh-agent, Pageant): every key type, the RSA
    /// signature algorithm the server allows, several keys of which only the last is authorized, and a refusal to sign.
    /// The server checks the signatures (its log names the account and algorithm); the module reports the key that
    /// logged in (LoginKey: fingerprint, algorithm, the agent's comment).
    /// </summary>
    public class AgentLoginTests : IClassFixture<AgentLoginTests.Lab>, IDisposable
    {
        public sealed class Lab : IDisposable
        {
            public SshServer Server { get; } = SshServer.Start();

            public void Dispose() => Server.Dispose();
        }

        private readonly SshServer _server;
        private readonly ClientHome _home = new ClientHome();
        private readonly PowerShellSession _ps;

        public AgentLoginTests(Lab lab)
        {
            _server = lab.Server;
            if (File.Exists(_server.AuthorizedKeysPath)) File.Delete(_server.AuthorizedKeysPath); // each test authorizes its own keys
            _ps = _home.Session();
        }

        public void Dispose()
        {
            _ps.Dispose();
            _home.Dispose();
        }

        /// <summary>Test-RescaleConnection with the agent's keys only; the result, its login key, and the verbose lines.</summary>
        private (ScriptResult Result, LoginKey Key) Login(string agentSocket, int? port = null)
        {
            var result = _ps.Run("Test-RescaleConnection -ComputerName 127.0.0.1 -UserName $user -Port $port -Agent -AgentPath $sock -KnownHostsPath $kh -Verbose",
                ("user", _server.UserName), ("port", port ?? _server.Port), ("sock", agentSocket), ("kh", _home.KnownHosts));
            Assert.Empty(result.AllErrors);
            return (result, result.Prop(0, "LoginKey") as LoginKey);
        }

        private int Connections() => Regex.Matches(_server.ReadLog(), "Connection from").Count;

        private static string Fingerprint(string key) => LoginAgent.Fingerprint(key);

        [Theory]
        [InlineData("ed25519", 0, "ssh-ed25519")]
        [InlineData("ecdsa", 256, "ecdsa-sha2-nistp256")]
        [InlineData("ecdsa", 384, "ecdsa-sha2-nistp384")]
        [InlineData("ecdsa", 521, "ecdsa-sha2-nistp521")]
        [InlineData("rsa", 2048, "rsa-sha2-512")]
        public void Every_key_type_logs_in_through_ssh_agent_and_the_key_is_reported(string type, int bits, string algorithm)
        {
            string key = LoginAgent.NewKey(_home.Folder, type, bits, "agent-" + type);
            _server.AuthorizeKey(File.ReadAllText(key + ".pub"));
            using var agent = LoginAgent.OpenSsh(_home.Folder);
            agent.Add(key);

            var (result, login) = Login(agent.SocketPath);

            Assert.Equal(true, result.Prop(0, "Authenticated"));
            Assert.Equal(Fingerprint(key), login.Fingerprint);
            Assert.Equal(algorithm, login.Algorithm);
            Assert.Equal(LoginKeySource.Agent, login.Source);
            Assert.Equal("agent-" + type, login.Comment);
            Assert.Contains("Accepted publickey for " + _server.UserName, _server.ReadLog());
            Assert.Contains(result.Verbose, v => v.StartsWith("Logged in with the agent key " + Fingerprint(key), StringComparison.Ordinal) && v.EndsWith(algorithm + ".", StringComparison.Ordinal));
        }

        [Fact]
        public void Of_several_agent_keys_only_the_last_is_authorized_and_it_logs_in_in_one_connection()
        {
            using var agent = LoginAgent.OpenSsh(_home.Folder);
            var keys = new[] { ("ed25519", 0), ("rsa", 2048), ("ecdsa", 256), ("ed25519", 0) }
                .Select((t, i) => LoginAgent.NewKey(_home.Folder, t.Item1, t.Item2, "k" + i)).ToList();
            foreach (var k in keys) agent.Add(k);
            _server.AuthorizeKey(File.ReadAllText(keys.Last() + ".pub"));
            int before = Connections();

            var (result, login) = Login(agent.SocketPath);

            Assert.Equal(true, result.Prop(0, "Authenticated"));
            Assert.Contains(result.Verbose, v => v.StartsWith("Offering 4 key(s) of the SSH agent", StringComparison.Ordinal));
            Assert.Equal(Fingerprint(keys.Last()), login.Fingerprint);
            Assert.Equal(before + 1, Connections());
        }

        [Fact]
        public void No_authorized_agent_key_is_an_authentication_failure_and_no_key_is_reported()
        {
            using var agent = LoginAgent.OpenSsh(_home.Folder);
            agent.Add(LoginAgent.NewKey(_home.Folder, "ed25519", 0, "stranger"));
            agent.Add(LoginAgent.NewKey(_home.Folder, "ecdsa", 256, "stranger2"));

            var test = Login(agent.SocketPath);
            var session = _ps.Run("New-RescaleSession -ComputerName 127.0.0.1 -UserName $user -Port $port -Agent -AgentPath $sock -KnownHostsPath $kh",
                ("user", _server.UserName), ("port", _server.Port), ("sock", agent.SocketPath), ("kh", _home.KnownHosts));

            Assert.Equal(false, test.Result.Prop(0, "Authenticated"));
            Assert.Null(test.Key);
            Assert.Contains("2 keys of the SSH agent", (string)test.Result.Prop(0, "Error"));
            Assert.StartsWith("AuthenticationFailed,", Assert.Single(session.AllErrors).FullyQualifiedErrorId);
        }

        [Fact]
        public void A_server_that_accepts_only_ssh_rsa_gets_a_SHA1_signature()
        {
            string key = LoginAgent.NewKey(_home.Folder, "rsa", 2048, "legacy");
            _server.AuthorizeKey(File.ReadAllText(key + ".pub"));
            using var agent = LoginAgent.OpenSsh(_home.Folder);
            agent.Add(key);
            using var sshd = new RestrictedSshd(_server, "ssh-rsa");

            var (result, login) = Login(agent.SocketPath, sshd.Port);

            Assert.Equal(true, result.Prop(0, "Authenticated"));
            Assert.Equal("ssh-rsa", login.Algorithm);
            string log = sshd.ReadLog();
            Assert.Contains("Accepted publickey for " + _server.UserName, log);
            // The server's own record of the algorithm (the line the SHA-2 tests look for and must not find).
            Assert.Contains("pkalg ssh-rsa ", log);
        }

        [Fact]
        public void A_server_that_accepts_only_rsa_sha2_256_gets_a_SHA256_signature()
        {
            string key = LoginAgent.NewKey(_home.Folder, "rsa", 2048, "sha256");
            _server.AuthorizeKey(File.ReadAllText(key + ".pub"));
            using var agent = LoginAgent.OpenSsh(_home.Folder);
            agent.Add(key);
            using var sshd = new RestrictedSshd(_server, "rsa-sha2-256");

            var (_, login) = Login(agent.SocketPath, sshd.Port);

            Assert.Equal("rsa-sha2-256", login.Algorithm);
            Assert.DoesNotContain("pkalg ssh-rsa ", sshd.ReadLog());
        }

        [Fact]
        public void An_RSA_key_never_signs_with_SHA1_when_the_server_accepts_SHA2()
        {
            string key = LoginAgent.NewKey(_home.Folder, "rsa", 2048, "modern");
            _server.AuthorizeKey(File.ReadAllText(key + ".pub"));
            using var agent = LoginAgent.OpenSsh(_home.Folder);
            agent.Add(key);
            using var sshd = new RestrictedSshd(_server, "rsa-sha2-512,rsa-sha2-256,ssh-rsa");

            var (_, login) = Login(agent.SocketPath, sshd.Port);

            Assert.Equal("rsa-sha2-512", login.Algorithm);
            Assert.DoesNotContain("pkalg ssh-rsa ", sshd.ReadLog());
        }

        [Fact]
        public void A_refused_confirmation_ends_the_login_with_AgentSignRefused_not_a_hang()
        {
            string key = LoginAgent.NewKey(_home.Folder, "ed25519", 0, "confirm");
            _server.AuthorizeKey(File.ReadAllText(key + ".pub"));
            using var agent = LoginAgent.OpenSsh(_home.Folder);
            agent.Add(key, confirm: true);

            var result = _ps.Run("New-RescaleSession -ComputerName 127.0.0.1 -UserName $user -Port $port -Agent -AgentPath $sock -KnownHostsPath $kh",
                ("user", _server.UserName), ("port", _server.Port), ("sock", agent.SocketPath), ("kh", _home.KnownHosts));

            var error = Assert.Single(result.AllErrors);
            Assert.StartsWith("AgentSignRefused,", error.FullyQualifiedErrorId);
            Assert.Equal(System.Management.Automation.ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
            Assert.Contains(Fingerprint(key), error.Exception.Message);
            Assert.Empty(result.Output);
        }

        [Fact]
        public void A_key_held_by_Pageant_logs_in_and_Get_RescaleKey_lists_it()
        {
            string ppk = _home.Folder.Combine("pageant.ppk");
            string empty = _home.Folder.Combine("empty");
            File.WriteAllText(empty, "");
            ExternalTool.Run("puttygen", "-t", "ed25519", "-o", ppk, "--new-passphrase", empty, "-C", "pageant-key").EnsureSuccess("puttygen");
            string line = ExternalTool.Run("puttygen", ppk, "-L").EnsureSuccess("puttygen -L").StdOut.Trim();
            _server.AuthorizeKey(line);
            using var pageant = LoginAgent.Pageant(_home.Folder, ppk);

            var (result, login) = Login(pageant.SocketPath);
            var listed = _ps.Run("Get-RescaleKey -Agent -AgentPath $sock", ("sock", pageant.SocketPath));

            Assert.Equal(true, result.Prop(0, "Authenticated"));
            Assert.Equal("pageant-key", login.Comment);
            Assert.Contains("Accepted publickey for " + _server.UserName, _server.ReadLog());
            Assert.Empty(listed.AllErrors);
            Assert.Equal(line, Assert.Single(listed.Output).Properties["PublicKey"].Value);
            Assert.Equal(login.Fingerprint, listed.Prop(0, "Fingerprint"));
        }
    }
}
