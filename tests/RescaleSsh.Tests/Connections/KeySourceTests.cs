using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using RescaleSsh.Tests.Agents;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Connections
{
    /// <summary>
    /// Which keys a login offers (issue 9 "Keys tried", issue 12): every -KeyFilePath given, else the agent's keys and
    /// then every default key in order, all within one connection; keys that need a passphrase skipped without one;
    /// the key that logged in reported (LoginKey, -Verbose) and protected from removal.
    /// </summary>
    public class KeySourceTests : IClassFixture<KeySourceTests.Lab>, IDisposable
    {
        public sealed class Lab : IDisposable
        {
            public SshServer Server { get; } = SshServer.Start();

            public void Dispose() => Server.Dispose();
        }

        private readonly SshServer _server;
        private readonly ClientHome _home = new ClientHome();

        public KeySourceTests(Lab lab)
        {
            _server = lab.Server;
            if (File.Exists(_server.AuthorizedKeysPath)) File.Delete(_server.AuthorizedKeysPath);
        }

        public void Dispose() => _home.Dispose();

        private (string, object)[] Vars(params (string, object)[] more) =>
            new (string, object)[] { ("device", _server.Device), ("kh", _home.KnownHosts) }.Concat(more).ToArray();

        private int Connections() => Regex.Matches(_server.ReadLog(), "Connection from").Count;

        [Fact]
        public void Several_KeyFilePath_are_offered_in_one_connection_and_the_last_one_authorized_logs_in()
        {
            string[] keys = { _home.NewKey("a"), _home.NewKey("b", "ecdsa"), _home.NewKey("c", "rsa") };
            _server.AuthorizeKey(ClientHome.PublicLine(keys[2]));
            using var ps = _home.Session();
            int before = Connections();

            var result = ps.Run("Test-RescaleConnection $device -KeyFilePath $keys -KnownHostsPath $kh -Verbose", Vars(("keys", keys)));

            Assert.Empty(result.AllErrors);
            Assert.Equal(true, result.Prop(0, "Authenticated"));
            var login = Assert.IsType<LoginKey>(result.Prop(0, "LoginKey"));
            Assert.Equal((keys[2], LoginKeySource.KeyFile, "rsa-sha2-512"), (login.Path, login.Source, login.Algorithm));
            Assert.Equal(LoginAgent.Fingerprint(keys[2]), login.Fingerprint);
            Assert.Equal(before + 1, Connections());
            Assert.Contains(result.Verbose, v => v.StartsWith("Offering 3 key file(s)", StringComparison.Ordinal));
        }

        [Fact]
        public void Without_KeyFilePath_the_second_default_key_logs_in_when_the_first_is_not_authorized()
        {
            _home.NewKey("rescale_ed25519");
            string second = _home.NewKey("id_ecdsa", "ecdsa");
            _server.AuthorizeKey(ClientHome.PublicLine(second));
            using var ps = _home.Session();

            var session = ps.Run("New-RescaleSession $device -KnownHostsPath $kh", Vars());

            Assert.Empty(session.AllErrors);
            var login = ((Session)session.Output.Single().BaseObject).LoginKey;
            Assert.Equal(second, login.Path);
            ps.Run("Get-RescaleSession | Remove-RescaleSession");
        }

        [Fact]
        public void A_key_that_needs_a_passphrase_is_skipped_without_one_and_the_next_key_logs_in()
        {
            string locked = _home.NewKey("rescale_ed25519", passphrase: "secret words");
            string open = _home.NewKey("id_ed25519");
            _server.AuthorizeKey(ClientHome.PublicLine(locked));
            _server.AuthorizeKey(ClientHome.PublicLine(open));
            using var ps = _home.Session();

            var result = ps.Run("Test-RescaleConnection $device -KnownHostsPath $kh -Verbose", Vars());

            Assert.Empty(result.AllErrors);
            Assert.Equal(open, ((LoginKey)result.Prop(0, "LoginKey")).Path);
            Assert.Contains(result.Verbose, v => v == $"Skipping the key file '{locked}': it needs a passphrase and no -KeyPassphrase was given.");
        }

        [Fact]
        public void A_wrong_passphrase_on_a_given_key_is_KeyPassphraseIncorrect_and_nothing_connects()
        {
            string locked = _home.NewKey("locked", passphrase: "right one");
            string open = _home.NewKey("open");
            _server.AuthorizeKey(ClientHome.PublicLine(open));
            using var ps = _home.Session();
            int before = Connections();

            var pass = new System.Security.SecureString();
            foreach (char c in "wrong one") pass.AppendChar(c);
            var result = ps.Run("New-RescaleSession $device -KeyFilePath $keys -KeyPassphrase $pass -KnownHostsPath $kh",
                Vars(("keys", new[] { locked, open }), ("pass", pass)));

            Assert.StartsWith("KeyPassphraseIncorrect,", Assert.Single(result.AllErrors).FullyQualifiedErrorId);
            Assert.Equal(before, Connections());
        }

        [Fact]
        public void A_session_and_verbose_narrate_the_address_host_key_login_key_and_algorithms()
        {
            string key = _home.NewKey("id_ed25519");
            _server.AuthorizeKey(ClientHome.PublicLine(key));
            using var ps = _home.Session();

            var result = ps.Run("New-RescaleSession $device -KnownHostsPath $kh -Verbose | Remove-RescaleSession", Vars());

            Assert.Empty(result.AllErrors);
            Assert.Contains(result.Verbose, v => v.StartsWith($"Connecting to 127.0.0.1 port {_server.Port} as '{_server.UserName}'", StringComparison.Ordinal));
            Assert.Contains(result.Verbose, v => v == $"Host key of [127.0.0.1]:{_server.Port}: ssh-ed25519 {_server.HostKeyFingerprint}, new (not in known_hosts).");
            Assert.Contains(result.Verbose, v => v == $"Logged in with the key file '{key}' ({LoginAgent.Fingerprint(key)}), ssh-ed25519.");
            Assert.Contains(result.Verbose, v => v.StartsWith("Negotiated key exchange ", StringComparison.Ordinal) && v.Contains("cipher ") && v.Contains("OpenSSH"));
        }

        [Fact]
        public void Add_RescaleAuthorizedKey_narrates_its_connection_from_the_pipeline_thread()
        {
            string key = _home.NewKey("id_ecdsa", "ecdsa");
            _server.AuthorizeKey(ClientHome.PublicLine(key));
            string other = _home.NewKey("colleague");
            using var ps = _home.Session();

            var result = ps.Run("Add-RescaleAuthorizedKey $device -PublicKey $line -KnownHostsPath $kh -Verbose", Vars(("line", ClientHome.PublicLine(other))));

            Assert.Empty(result.AllErrors);
            Assert.Contains(result.Verbose, v => v.StartsWith($"Host key of [127.0.0.1]:{_server.Port}: ssh-ed25519 {_server.HostKeyFingerprint}", StringComparison.Ordinal));
            Assert.Contains(result.Verbose, v => v == $"Logged in with the key file '{key}' ({LoginAgent.Fingerprint(key)}), ecdsa-sha2-nistp256.");
        }

        [Fact]
        public void An_agent_whose_keys_are_refused_is_followed_by_the_key_files_in_the_same_connection()
        {
            using var agent = LoginAgent.OpenSsh(_home.Folder);
            agent.Add(LoginAgent.NewKey(_home.Folder, "ed25519", 0, "not-authorized"));
            string file = _home.NewKey("id_ed25519");
            _server.AuthorizeKey(ClientHome.PublicLine(file));
            using var ps = _home.Session(agent.SocketPath);
            int before = Connections();

            var result = ps.Run("Test-RescaleConnection $device -KnownHostsPath $kh", Vars());

            Assert.Empty(result.AllErrors);
            Assert.Equal(file, ((LoginKey)result.Prop(0, "LoginKey")).Path);
            Assert.Equal(before + 1, Connections());
        }

        [Fact]
        public void An_agent_key_installs_from_Get_RescaleKey_and_is_then_protected_from_removal_as_the_login_key()
        {
            string admin = _home.NewKey("admin");
            _server.AuthorizeKey(ClientHome.PublicLine(admin));
            string agentKey = LoginAgent.NewKey(_home.Folder, "ecdsa", 256, "agent-only");
            using var agent = LoginAgent.OpenSsh(_home.Folder);
            agent.Add(agentKey);
            using var ps = _home.Session(agent.SocketPath);

            var install = ps.Run("Get-RescaleKey -Agent | Add-RescaleAuthorizedKey $device -KeyFilePath $admin -KnownHostsPath $kh", Vars(("admin", admin)));
            var remove = ps.Run("Remove-RescaleAuthorizedKey $device -Comment agent-only -Agent -KnownHostsPath $kh -Confirm:$false", Vars());

            Assert.Empty(install.AllErrors);
            Assert.Equal("Added", install.Prop(0, "Status").ToString());
            var error = Assert.Single(remove.AllErrors);
            Assert.StartsWith("LoginKeyProtected,", error.FullyQualifiedErrorId);
            Assert.Contains(LoginAgent.Fingerprint(agentKey), error.Exception.Message);
            Assert.Contains(File.ReadAllLines(_server.AuthorizedKeysPath), l => l.EndsWith(" agent-only", StringComparison.Ordinal));
        }
    }
}
