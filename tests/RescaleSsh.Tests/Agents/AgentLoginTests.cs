using System;
using System.IO;
using System.Linq;
using System.Threading;
using RescaleSsh.Agents;
using RescaleSsh.Tests.Infrastructure;
using Renci.SshNet;
using Renci.SshNet.Common;
using Xunit;

namespace RescaleSsh.Tests.Agents
{
    /// <summary>
    /// SSH.NET logs into a real sshd with keys held by a real agent (ssh-agent, Pageant) through the engine's
    /// AgentAuthenticationMethod: every key type, the RSA signature algorithm the server allows, several keys of which
    /// only the last is authorized, and a refusal to sign. The server checks the signatures; the key that logged in is
    /// reported.
    /// </summary>
    public class AgentLoginTests : IClassFixture<AgentLoginTests.Lab>, IDisposable
    {
        public sealed class Lab : IDisposable
        {
            public SshServer Server { get; } = SshServer.Start();

            public void Dispose() => Server.Dispose();
        }

        private readonly SshServer _server;
        private readonly TempFolder _folder = new TempFolder("rsa-");

        public AgentLoginTests(Lab lab)
        {
            _server = lab.Server;
            if (File.Exists(_server.AuthorizedKeysPath)) File.Delete(_server.AuthorizedKeysPath); // each test authorizes its own keys
        }

        public void Dispose() => _folder.Dispose();

        /// <summary>Connects with the agent's keys only; returns the method (to read which key logged in) and the command's output.</summary>
        private (AgentAuthenticationMethod Method, string Output) Login(string agentSocket, int? port = null, CancellationToken cancellationToken = default)
        {
            using var agent = new AgentClient(new UnixSocketAgentTransport(agentSocket), TimeSpan.FromSeconds(20));
            var method = new AgentAuthenticationMethod(_server.UserName, agent, agent.ListIdentities(cancellationToken), cancellationToken);
            var info = new ConnectionInfo("127.0.0.1", port ?? _server.Port, _server.UserName, method) { Timeout = TimeSpan.FromSeconds(30) };
            using var client = new SshClient(info);
            string expected = _server.HostKeyFingerprint.Substring("SHA256:".Length);
            client.HostKeyReceived += (_, e) => e.CanTrust = e.FingerPrintSHA256 == expected;
            client.Connect();
            string output = client.RunCommand("id -un").Result.Trim();
            client.Disconnect();
            return (method, output);
        }

        private static string ErrorId(Exception e) => (string)e.GetType().GetProperty("ErrorId")?.GetValue(e);

        [Theory]
        [InlineData("ed25519", 0, "ssh-ed25519")]
        [InlineData("ecdsa", 256, "ecdsa-sha2-nistp256")]
        [InlineData("ecdsa", 384, "ecdsa-sha2-nistp384")]
        [InlineData("ecdsa", 521, "ecdsa-sha2-nistp521")]
        [InlineData("rsa", 2048, "rsa-sha2-512")]
        public void Every_key_type_logs_in_through_ssh_agent_and_the_key_is_reported(string type, int bits, string algorithm)
        {
            string key = LoginAgent.NewKey(_folder, type, bits, "agent-" + type);
            _server.AuthorizeKey(File.ReadAllText(key + ".pub"));
            using var agent = LoginAgent.OpenSsh(_folder);
            agent.Add(key);

            var (method, output) = Login(agent.SocketPath);

            Assert.Equal(_server.UserName, output);
            Assert.Equal(LoginAgent.Fingerprint(key), method.AuthenticatedIdentity.Fingerprint);
            Assert.Equal(algorithm, method.AuthenticatedAlgorithm);
            Assert.Contains("Accepted publickey for " + _server.UserName, _server.ReadLog());
        }

        [Fact]
        public void Of_several_agent_keys_only_the_last_is_authorized_and_it_logs_in_in_one_connection()
        {
            using var agent = LoginAgent.OpenSsh(_folder);
            var keys = new[] { ("ed25519", 0), ("rsa", 2048), ("ecdsa", 256), ("ed25519", 0) }
                .Select((t, i) => LoginAgent.NewKey(_folder, t.Item1, t.Item2, "k" + i)).ToList();
            foreach (var k in keys) agent.Add(k);
            _server.AuthorizeKey(File.ReadAllText(keys.Last() + ".pub"));

            var (method, output) = Login(agent.SocketPath);

            Assert.Equal(_server.UserName, output);
            Assert.Equal(4, method.Identities.Count);
            Assert.Equal(LoginAgent.Fingerprint(keys.Last()), method.AuthenticatedIdentity.Fingerprint);
        }

        [Fact]
        public void No_authorized_agent_key_is_an_authentication_failure_and_no_key_is_reported()
        {
            using var agent = LoginAgent.OpenSsh(_folder);
            agent.Add(LoginAgent.NewKey(_folder, "ed25519", 0, "stranger"));
            agent.Add(LoginAgent.NewKey(_folder, "ecdsa", 256, "stranger2"));
            Assert.Throws<SshAuthenticationException>(() => Login(agent.SocketPath));
        }

        [Fact]
        public void A_server_that_accepts_only_ssh_rsa_gets_a_SHA1_signature()
        {
            string key = LoginAgent.NewKey(_folder, "rsa", 2048, "legacy");
            _server.AuthorizeKey(File.ReadAllText(key + ".pub"));
            using var agent = LoginAgent.OpenSsh(_folder);
            agent.Add(key);
            using var sshd = new RestrictedSshd(_server, "ssh-rsa");

            var (method, output) = Login(agent.SocketPath, sshd.Port);

            Assert.Equal(_server.UserName, output);
            Assert.Equal("ssh-rsa", method.AuthenticatedAlgorithm);
            string log = sshd.ReadLog();
            Assert.Contains("Accepted publickey", log);
            // The server's own record of the algorithm (the line the SHA-2 tests look for and must not find).
            Assert.Contains("pkalg ssh-rsa ", log);
        }

        [Fact]
        public void A_server_that_accepts_only_rsa_sha2_256_gets_a_SHA256_signature()
        {
            string key = LoginAgent.NewKey(_folder, "rsa", 2048, "sha256");
            _server.AuthorizeKey(File.ReadAllText(key + ".pub"));
            using var agent = LoginAgent.OpenSsh(_folder);
            agent.Add(key);
            using var sshd = new RestrictedSshd(_server, "rsa-sha2-256");

            var (method, _) = Login(agent.SocketPath, sshd.Port);

            Assert.Equal("rsa-sha2-256", method.AuthenticatedAlgorithm);
            Assert.DoesNotContain("pkalg ssh-rsa ", sshd.ReadLog());
        }

        [Fact]
        public void An_RSA_key_never_signs_with_SHA1_when_the_server_accepts_SHA2()
        {
            string key = LoginAgent.NewKey(_folder, "rsa", 2048, "modern");
            _server.AuthorizeKey(File.ReadAllText(key + ".pub"));
            using var agent = LoginAgent.OpenSsh(_folder);
            agent.Add(key);
            using var sshd = new RestrictedSshd(_server, "rsa-sha2-512,rsa-sha2-256,ssh-rsa");

            var (method, _) = Login(agent.SocketPath, sshd.Port);

            Assert.Equal("rsa-sha2-512", method.AuthenticatedAlgorithm);
            Assert.DoesNotContain("pkalg ssh-rsa ", sshd.ReadLog());
        }

        [Fact]
        public void A_refused_confirmation_ends_the_login_with_AgentSignRefused_not_a_hang()
        {
            string key = LoginAgent.NewKey(_folder, "ed25519", 0, "confirm");
            _server.AuthorizeKey(File.ReadAllText(key + ".pub"));
            using var agent = LoginAgent.OpenSsh(_folder);
            agent.Add(key, confirm: true);

            // SSH.NET lets the engine's exception out of Connect unwrapped.
            var e = Assert.ThrowsAny<Exception>(() => Login(agent.SocketPath));
            Assert.Equal("RescaleSsh.RescaleSshException", e.GetType().FullName);
            Assert.Equal("AgentSignRefused", ErrorId(e));
        }

        [Fact]
        public void A_key_held_by_Pageant_logs_in()
        {
            string ppk = _folder.Combine("pageant.ppk");
            string empty = _folder.Combine("empty");
            File.WriteAllText(empty, "");
            ExternalTool.Run("puttygen", "-t", "ed25519", "-o", ppk, "--new-passphrase", empty, "-C", "pageant-key").EnsureSuccess("puttygen");
            string line = ExternalTool.Run("puttygen", ppk, "-L").EnsureSuccess("puttygen -L").StdOut.Trim();
            _server.AuthorizeKey(line);
            using var pageant = LoginAgent.Pageant(_folder, ppk);

            var (method, output) = Login(pageant.SocketPath);

            Assert.Equal(_server.UserName, output);
            Assert.Equal("pageant-key", method.AuthenticatedIdentity.Comment);
            Assert.Equal(line, method.AuthenticatedIdentity.PublicKeyLine);
        }
    }
}
