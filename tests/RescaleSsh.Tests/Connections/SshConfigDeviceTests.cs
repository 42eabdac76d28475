using System;
using System.IO;
using System.Linq;
using RescaleSsh.Tests.Agents;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Connections
{
    /// <summary>
    /// Devices named by their Host alias in ~/.ssh/config, in every addressing form, with the command line winning;
    /// the config's host key, key and agent settings applied; routing the module cannot follow refused per device.
    /// </summary>
    public class SshConfigDeviceTests : IClassFixture<SshConfigDeviceTests.Lab>, IDisposable
    {
        public sealed class Lab : IDisposable
        {
            public SshServer Server { get; } = SshServer.Start();

            public void Dispose() => Server.Dispose();
        }

        private readonly SshServer _server;
        private readonly ClientHome _home = new ClientHome();
        private readonly string _key;

        public SshConfigDeviceTests(Lab lab)
        {
            _server = lab.Server;
            if (File.Exists(_server.AuthorizedKeysPath)) File.Delete(_server.AuthorizedKeysPath);
            _key = _home.NewKey("id_ed25519");
            _server.AuthorizeKey(ClientHome.PublicLine(_key));
        }

        public void Dispose() => _home.Dispose();

        private string Port => _server.Port.ToString();

        [Fact]
        public void An_alias_works_in_every_addressing_form_and_what_is_written_or_given_wins()
        {
            _home.WriteConfig(ClientHome.HostBlock("dev1", _server) +
                $"Host wronguser\n  HostName 127.0.0.1\n  Port {Port}\n  User nobody-here\n" +
                $"Host wrongport\n  HostName 127.0.0.1\n  Port {SshServer.FreePort()}\n  User {_server.UserName}\n");
            using var ps = _home.Session();

            var result = ps.Run(
                "Test-RescaleConnection dev1, \"$user@wronguser\", \"wrongport:$port\";" +
                "[pscustomobject]@{ ComputerName = 'dev1' }, [pscustomobject]@{ ServerIP = 'wrongport'; Port = $port } | Test-RescaleConnection;" +
                "Test-RescaleConnection wrongport -Port $port; Test-RescaleConnection wronguser -UserName $user",
                ("user", _server.UserName), ("port", _server.Port));

            Assert.Empty(result.AllErrors);
            Assert.Equal(7, result.Output.Count);
            Assert.All(result.Output, o => Assert.Equal(true, o.Properties["Authenticated"].Value));
            Assert.All(result.Output, o => Assert.Equal(_server.Port, o.Properties["Port"].Value));
            Assert.All(result.Output, o => Assert.Equal("127.0.0.1", o.Properties["ComputerName"].Value));
        }

        [Fact]
        public void A_piped_row_without_a_Port_takes_the_config_port_not_the_previous_row_port()
        {
            _home.WriteConfig(ClientHome.HostBlock("dev1", _server));
            using var ps = _home.Session();

            var result = ps.Run("[pscustomobject]@{ ComputerName = '127.0.0.1'; UserName = $user; Port = $closed }, [pscustomobject]@{ ComputerName = 'dev1' } | Test-RescaleConnection -ThrottleLimit 1",
                ("user", _server.UserName), ("closed", SshServer.FreePort()));

            // A down device is a row of its own (issue 9), in input order: the closed port first, then dev1 on the config's port.
            Assert.Empty(result.AllErrors);
            Assert.Equal(2, result.Output.Count);
            Assert.Equal(false, result.Output[0].Properties["Reachable"].Value);
            Assert.Contains("connection refused", (string)result.Output[0].Properties["Error"].Value, StringComparison.OrdinalIgnoreCase);
            var dev1 = result.Output[1];
            Assert.Equal((_server.Port, true), (dev1.Properties["Port"].Value, dev1.Properties["Authenticated"].Value));
        }

        [Fact]
        public void SshConfigPath_reads_another_file_and_NoSshConfig_none()
        {
            string other = _home.WriteConfig(ClientHome.HostBlock("lab", _server), "rescale_config");
            using var ps = _home.Session();

            var named = ps.Run("Test-RescaleConnection lab -SshConfigPath $cfg", ("cfg", other));
            var none = ps.Run("Test-RescaleConnection lab -SshConfigPath $cfg -NoSshConfig", ("cfg", other));
            var ignored = ps.Run("Test-RescaleConnection lab -NoSshConfig");

            Assert.Empty(named.AllErrors);
            Assert.Equal(true, named.Prop(0, "Authenticated"));
            Assert.StartsWith("ParametersConflict,", Assert.Single(none.AllErrors).FullyQualifiedErrorId);
            Assert.StartsWith("DeviceInvalid,", Assert.Single(ignored.AllErrors).FullyQualifiedErrorId);
        }

        [Fact]
        public void StrictHostKeyChecking_UserKnownHostsFile_and_HostKeyAlias_from_the_config_apply()
        {
            string knownHosts = Path.Combine(_home.SshFolder, "rescale_known_hosts");
            _home.WriteConfig(
                ClientHome.HostBlock("strict", _server, 0, "StrictHostKeyChecking yes") +
                ClientHome.HostBlock("aliased", _server, 0, "UserKnownHostsFile " + knownHosts, "HostKeyAlias rescale-lab"));
            using var ps = _home.Session();

            var strict = ps.Run("New-RescaleSession strict");
            var aliased = ps.Run("New-RescaleSession aliased | Remove-RescaleSession");
            var known = ps.Run("Test-RescaleConnection aliased -HostKeyPolicy Strict");

            Assert.StartsWith("HostKeyUnknown,", Assert.Single(strict.AllErrors).FullyQualifiedErrorId);
            Assert.False(File.Exists(_home.KnownHosts));
            Assert.Empty(aliased.AllErrors);
            Assert.StartsWith("rescale-lab ssh-ed25519 ", File.ReadAllText(knownHosts));
            Assert.Empty(known.AllErrors);
            Assert.Equal(HostKeyStatus.Known, known.Prop(0, "HostKeyStatus"));
            Assert.Equal(true, known.Prop(0, "Authenticated"));
        }

        [Fact]
        public void UserKnownHostsFile_with_several_files_finds_the_key_in_any_and_records_only_in_the_first()
        {
            string first = Path.Combine(_home.SshFolder, "first_known_hosts"), second = Path.Combine(_home.SshFolder, "team_known_hosts");
            string recorded = Path.Combine(_home.SshFolder, "new_known_hosts"), unused = Path.Combine(_home.SshFolder, "unused_known_hosts");
            string stale = Path.Combine(_home.SshFolder, "stale_known_hosts");
            File.WriteAllText(second, $"[127.0.0.1]:{Port} {_server.HostKeyPublicLine}\n");
            File.WriteAllText(stale, $"[127.0.0.1]:{Port} {ClientHome.PublicLine(_home.NewKey("not_the_host_key"))}\n");
            _home.WriteConfig(
                ClientHome.HostBlock("team", _server, 0, $"UserKnownHostsFile {first} {second}", "StrictHostKeyChecking yes") +
                ClientHome.HostBlock("fresh", _server, 0, $"UserKnownHostsFile {recorded} {unused}") +
                ClientHome.HostBlock("stale", _server, 0, $"UserKnownHostsFile {first} {stale}"));
            using var ps = _home.Session();

            var team = ps.Run("Test-RescaleConnection team");
            var fresh = ps.Run("New-RescaleSession fresh | Remove-RescaleSession");
            var changed = ps.Run("New-RescaleSession stale");
            var shown = ps.Run("(Get-RescaleDevice team).Settings | Where-Object Name -eq MoreKnownHostsPaths | ForEach-Object Value");

            Assert.Empty(team.AllErrors);
            Assert.Equal(HostKeyStatus.Known, team.Prop(0, "HostKeyStatus"));
            Assert.Equal(true, team.Prop(0, "Authenticated"));
            Assert.False(File.Exists(first));
            Assert.Empty(fresh.AllErrors);
            Assert.Contains(_server.HostKeyPublicLine.Split(' ')[1], File.ReadAllText(recorded));
            Assert.False(File.Exists(unused));
            Assert.StartsWith("HostKeyChanged,", Assert.Single(changed.AllErrors).FullyQualifiedErrorId);
            Assert.False(File.Exists(first));
            Assert.Equal(second, Assert.Single(shown.Output).BaseObject);
        }

        [Fact]
        public void IdentityFile_IdentitiesOnly_and_IdentityAgent_from_the_config_choose_the_keys()
        {
            string first = LoginAgent.NewKey(_home.Folder, "ed25519", 0, "agent-first");
            string second = LoginAgent.NewKey(_home.Folder, "ecdsa", 256, "agent-second");
            _server.AuthorizeKey(ClientHome.PublicLine(first));
            _server.AuthorizeKey(ClientHome.PublicLine(second));
            using var agent = LoginAgent.OpenSsh(_home.Folder);
            agent.Add(first);
            agent.Add(second);
            File.Delete(second); // only its .pub names it in IdentityFile
            _home.WriteConfig(
                ClientHome.HostBlock("byagent", _server, 0, "IdentityAgent " + agent.SocketPath) +
                ClientHome.HostBlock("only", _server, 0, "IdentityAgent " + agent.SocketPath, "IdentityFile " + second, "IdentitiesOnly yes") +
                ClientHome.HostBlock("noagent", _server, 0, "IdentityAgent none", "IdentityFile ~/.ssh/absent"));
            using var ps = _home.Session(); // no SSH_AUTH_SOCK: the agent is found through IdentityAgent only

            var byAgent = ps.Run("Test-RescaleConnection byagent");
            var only = ps.Run("Test-RescaleConnection only -Verbose");
            var noAgent = ps.Run("Test-RescaleConnection noagent");

            Assert.Empty(byAgent.AllErrors.Concat(only.AllErrors).Concat(noAgent.AllErrors));
            Assert.Equal(LoginAgent.Fingerprint(first), ((LoginKey)byAgent.Prop(0, "LoginKey")).Fingerprint);
            var onlyKey = (LoginKey)only.Prop(0, "LoginKey");
            Assert.Equal((LoginAgent.Fingerprint(second), LoginKeySource.Agent), (onlyKey.Fingerprint, onlyKey.Source));
            Assert.Contains(only.Verbose, v => v.StartsWith("Offering 1 key(s) of the SSH agent", StringComparison.Ordinal));
            Assert.Equal(false, noAgent.Prop(0, "Authenticated"));
            Assert.Null(noAgent.Prop(0, "LoginKey"));
            Assert.Contains(Path.Combine(_home.SshFolder, "absent"), (string)noAgent.Prop(0, "Error"));
        }

        [Fact]
        public void Routing_the_module_cannot_follow_fails_that_device_only_with_SshConfigUnsupported()
        {
            _home.WriteConfig(ClientHome.HostBlock("viajump", _server, 0, "ProxyJump bastion.example") + ClientHome.HostBlock("dev1", _server));
            using var ps = _home.Session();

            var result = ps.Run("'viajump', 'dev1' | Test-RescaleConnection");

            var error = Assert.Single(result.AllErrors);
            Assert.StartsWith("SshConfigUnsupported,", error.FullyQualifiedErrorId);
            Assert.Equal(System.Management.Automation.ErrorCategory.NotImplemented, error.CategoryInfo.Category);
            Assert.Contains("ProxyJump", error.Exception.Message);
            Assert.Equal(true, Assert.Single(result.Output).Properties["Authenticated"].Value);
        }

        [Fact]
        public void Copy_RescaleItem_takes_alias_path_and_user_at_alias_path_and_keeps_refusing_local_lookalikes()
        {
            _home.WriteConfig(ClientHome.HostBlock("dev1", _server).Replace("User " + _server.UserName, "User nobody-here"));
            string folder = Path.Combine(_server.Home, "alias-inbox");
            Directory.CreateDirectory(folder);
            _server.GiveToUser(folder);
            string file = _home.Folder.Combine("report.csv");
            File.WriteAllText(file, "x\n");
            using var ps = _home.Session();

            var up = ps.Run("Copy-RescaleItem $file \"$user@dev1:alias-inbox\"", ("file", file), ("user", _server.UserName));
            var wrongUser = ps.Run("Copy-RescaleItem $file dev1:alias-inbox", ("file", file));
            var local = ps.Run("Copy-RescaleItem $file ./a:b", ("file", file));

            Assert.Empty(up.AllErrors);
            Assert.Equal("x\n", File.ReadAllText(Path.Combine(folder, "report.csv")));
            Assert.StartsWith("AuthenticationFailed,", Assert.Single(wrongUser.AllErrors).FullyQualifiedErrorId);
            Assert.StartsWith("NoRemoteSide,", Assert.Single(local.AllErrors).FullyQualifiedErrorId);
        }

        [Fact]
        public void Get_RescaleDevice_shows_the_resolution_and_the_source_of_each_value()
        {
            string config = _home.WriteConfig(ClientHome.HostBlock("dev1", _server, 0, "StrictHostKeyChecking ask") + ClientHome.HostBlock("viajump", _server, 0, "ProxyCommand nc %h %p"));
            using var ps = _home.Session();

            var result = ps.Run("Get-RescaleDevice dev1, me@dev1:2200, viajump");

            var error = Assert.Single(result.AllErrors);
            Assert.StartsWith("SshConfigUnsupported,", error.FullyQualifiedErrorId);
            var dev1 = (ResolvedDevice)result.Output[0].BaseObject;
            Assert.Equal(("127.0.0.1", _server.UserName, _server.Port, HostKeyPolicy.Strict), (dev1.ComputerName, dev1.UserName, dev1.Port, dev1.HostKeyPolicy));
            Assert.Equal(config + ":2", dev1.Settings.Single(s => s.Name == "ComputerName").Source);
            Assert.Contains(dev1.Notes, n => n.Contains("cannot ask"));
            var written = (ResolvedDevice)result.Output[1].BaseObject;
            Assert.Equal(("me", 2200), (written.UserName, written.Port));
            Assert.Equal("device string", written.Settings.Single(s => s.Name == "Port").Source);
            Assert.Equal(config + ":4", dev1.Settings.Single(s => s.Name == "UserName").Source);
            Assert.Equal(Path.Combine(_home.SshFolder, "id_ed25519"), dev1.KeyFilePath[3]);
            Assert.Equal("default", dev1.Settings.Single(s => s.Name == "KeyFilePath").Source);
        }
    }
}
