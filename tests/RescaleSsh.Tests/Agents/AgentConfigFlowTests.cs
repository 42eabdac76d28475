using System;
using System.IO;
using System.Linq;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Agents
{
    /// <summary>
    /// Issue 12's "Done when": a user whose only key is in Pageant (or in ssh-agent) and whose device is a Host alias
    /// in ~/.ssh/config runs the seed's whole flow — Test, Add, Get, Copy both ways — with no key path and no user or
    /// port on the command line. Nothing but the home folder and the agent socket is set up, as a user has it.
    /// </summary>
    public class AgentConfigFlowTests : IClassFixture<AgentConfigFlowTests.Lab>
    {
        public sealed class Lab : IDisposable
        {
            public SshServer Server { get; } = SshServer.Start();

            public void Dispose() => Server.Dispose();
        }

        private readonly SshServer _server;

        public AgentConfigFlowTests(Lab lab) => _server = lab.Server;

        /// <summary>Starts the agent with one new key in it; returns the agent and the key's public line.</summary>
        private static (LoginAgent Agent, string PublicLine) StartAgent(string kind, ClientHome home)
        {
            if (kind == "pageant")
            {
                string ppk = home.Folder.Combine("only-key.ppk");
                string empty = home.Folder.Combine("empty");
                File.WriteAllText(empty, "");
                ExternalTool.Run("puttygen", "-t", "ed25519", "-o", ppk, "--new-passphrase", empty, "-C", "in-pageant").EnsureSuccess("puttygen");
                string line = ExternalTool.Run("puttygen", ppk, "-L").EnsureSuccess("puttygen -L").StdOut.Trim();
                return (LoginAgent.Pageant(home.Folder, ppk), line);
            }
            string key = LoginAgent.NewKey(home.Folder, "ed25519", 0, "in-ssh-agent");
            var agent = LoginAgent.OpenSsh(home.Folder);
            agent.Add(key);
            File.Delete(key); // the agent holds the only copy
            return (agent, File.ReadAllText(key + ".pub").Trim());
        }

        [Theory]
        [InlineData("pageant")]
        [InlineData("ssh-agent")]
        public void A_user_with_only_an_agent_and_a_config_alias_runs_test_add_get_and_copy_with_no_key_user_or_port(string kind)
        {
            using var home = new ClientHome();
            var (agent, loginLine) = StartAgent(kind, home);
            using var _ = agent;
            if (File.Exists(_server.AuthorizedKeysPath)) File.Delete(_server.AuthorizedKeysPath);
            _server.AuthorizeKey(loginLine);
            home.WriteConfig(ClientHome.HostBlock("dev1", _server));
            string colleague = LoginAgent.NewKey(home.Folder, "ed25519", 0, "colleague-" + kind);
            string inbox = Path.Combine(_server.Home, "inbox-" + kind);
            Directory.CreateDirectory(inbox);
            _server.GiveToUser(inbox);
            string upload = home.Folder.Combine("results-" + kind + ".csv");
            File.WriteAllText(upload, "a,b\n1,2\n");
            string downloads = home.Folder.Combine("downloads");
            Directory.CreateDirectory(downloads);
            using var ps = home.Session(agent.SocketPath);
            var vars = new (string, object)[] { ("colleague", File.ReadAllText(colleague + ".pub").Trim()), ("upload", upload), ("inbox", "inbox-" + kind), ("down", downloads) };

            var test = ps.Run("Test-RescaleConnection dev1 -Verbose", vars);
            var add = ps.Run("Add-RescaleAuthorizedKey dev1 -PublicKey $colleague", vars);
            var get = ps.Run("Get-RescaleAuthorizedKey dev1", vars);
            var up = ps.Run("Copy-RescaleItem $upload \"dev1:$inbox\"", vars);
            var down = ps.Run("Copy-RescaleItem \"dev1:$inbox/*.csv\" $down", vars);

            foreach (var step in new[] { test, add, get, up, down }) Assert.Empty(step.AllErrors);
            Assert.Equal(true, test.Prop(0, "Authenticated"));
            var login = Assert.IsType<LoginKey>(test.Prop(0, "LoginKey"));
            Assert.Equal(LoginKeySource.Agent, login.Source);
            Assert.Equal(agent.SocketPath, login.Path);
            Assert.Contains(test.Verbose, v => v.StartsWith($"Connecting to 127.0.0.1 port {_server.Port} as '{_server.UserName}' ('dev1' resolved with", StringComparison.Ordinal));
            Assert.Contains(test.Verbose, v => v.StartsWith("Logged in with the agent key " + login.Fingerprint, StringComparison.Ordinal));
            Assert.Equal("Added", add.Prop(0, "Status").ToString());
            Assert.Contains(File.ReadAllLines(_server.AuthorizedKeysPath), l => l.EndsWith("colleague-" + kind, StringComparison.Ordinal));
            Assert.Equal(new[] { login.Fingerprint, ExternalFingerprint(colleague) }.OrderBy(f => f),
                get.Output.Select(o => (string)o.Properties["Fingerprint"].Value).OrderBy(f => f));
            Assert.Equal("a,b\n1,2\n", File.ReadAllText(Path.Combine(inbox, "results-" + kind + ".csv")));
            Assert.Equal("a,b\n1,2\n", File.ReadAllText(Path.Combine(downloads, "results-" + kind + ".csv")));
            // AcceptNew recorded the device under its address and port in the user's own known_hosts.
            Assert.StartsWith($"[127.0.0.1]:{_server.Port} ", File.ReadAllText(home.KnownHosts));
        }

        private static string ExternalFingerprint(string key) => LoginAgent.Fingerprint(key);
    }
}
