using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Agents
{
    /// <summary>
    /// Issue 12's bad input: an unreadable config, an Include loop, a socket that is not an agent, an agent that
    /// answers garbage. Each is a clear ErrorRecord with a stable id for the devices it concerns, nothing hangs, and
    /// nothing is connected to when nothing can log in.
    /// </summary>
    public class AgentAndConfigBadInputTests : IClassFixture<AgentAndConfigBadInputTests.Lab>, IDisposable
    {
        public sealed class Lab : IDisposable
        {
            public SshServer Server { get; } = SshServer.Start();

            public void Dispose() => Server.Dispose();
        }

        private readonly SshServer _server;
        private readonly ClientHome _home = new ClientHome();

        public AgentAndConfigBadInputTests(Lab lab) => _server = lab.Server;

        public void Dispose() => _home.Dispose();

        private int Connections() => Regex.Matches(_server.ReadLog(), "Connection from").Count;

        private static string Id(System.Management.Automation.ErrorRecord e) => e.FullyQualifiedErrorId.Split(',')[0];

        [Fact]
        public void A_config_that_cannot_be_read_is_SshConfigUnreadable_for_each_device_and_nothing_connects()
        {
            using var ps = _home.Session();
            int before = Connections();

            var result = ps.Run("'dev1', $device | Test-RescaleConnection -SshConfigPath $cfg", ("device", _server.Device), ("cfg", _home.Folder.Combine("no-such-config")));

            Assert.Empty(result.Output);
            Assert.Equal(new[] { "SshConfigUnreadable", "SshConfigUnreadable" }, result.AllErrors.Select(Id));
            Assert.Equal(System.Management.Automation.ErrorCategory.ReadError, result.AllErrors.First().CategoryInfo.Category);
            Assert.Contains("-NoSshConfig", result.AllErrors.First().Exception.Message);
            Assert.Equal(before, Connections());
        }

        [Fact]
        public void An_Include_loop_is_SshConfigInvalid_naming_the_file_and_the_loop()
        {
            string config = _home.WriteConfig("Host *\n  Include ~/.ssh/loop_b\n");
            _home.WriteConfig("Include ~/.ssh/config\n", "loop_b");
            using var ps = _home.Session();

            var result = ps.Run("Test-RescaleConnection $device", ("device", _server.Device));

            var error = Assert.Single(result.AllErrors);
            Assert.Equal("SshConfigInvalid", Id(error));
            Assert.Contains("Include loop", error.Exception.Message);
            Assert.Contains(Path.Combine(_home.SshFolder, "loop_b"), error.Exception.Message);
            Assert.Empty(result.Output);
        }

        [Fact]
        public void A_socket_that_is_not_an_agent_is_a_clear_error_under_Agent_and_every_kind_is_told_apart()
        {
            using var closing = new GarbageAgent(_home.Folder.Combine("closes.sock"), answer: null);
            string plainFile = _home.Folder.Combine("not-a-socket");
            File.WriteAllText(plainFile, "");
            using var ps = _home.Session();
            var vars = new (string, object)[] { ("device", _server.Device), ("kh", _home.KnownHosts) };

            var closes = ps.Run("New-RescaleSession $device -Agent -AgentPath $sock -KnownHostsPath $kh", vars.Append(("sock", closing.SocketPath)).ToArray());
            var file = ps.Run("New-RescaleSession $device -Agent -AgentPath $sock -KnownHostsPath $kh", vars.Append(("sock", plainFile)).ToArray());
            var nothing = ps.Run("New-RescaleSession $device -Agent -AgentPath $sock -KnownHostsPath $kh", vars.Append(("sock", _home.Folder.Combine("nothing-here"))).ToArray());

            // Closed at once: reset (unavailable) or ended before an answer (not an agent), depending on the race; either says so.
            Assert.Contains(Id(Assert.Single(closes.AllErrors)), new[] { "AgentUnavailable", "AgentProtocolError" });
            Assert.Equal("AgentUnavailable", Id(Assert.Single(file.AllErrors)));
            Assert.Equal("AgentNotFound", Id(Assert.Single(nothing.AllErrors)));
            Assert.Empty(closes.Output.Concat(file.Output).Concat(nothing.Output));
            Assert.False(File.Exists(_home.KnownHosts));
        }

        [Fact]
        public void An_agent_answering_garbage_is_AgentProtocolError_under_Agent_and_one_warning_otherwise()
        {
            string key = _home.NewKey("id_ed25519");
            _server.AuthorizeKey(ClientHome.PublicLine(key));
            using var garbage = new GarbageAgent(_home.Folder.Combine("http.sock"));
            using var ps = _home.Session(garbage.SocketPath);
            var vars = new (string, object)[] { ("device", _server.Device), ("kh", _home.KnownHosts) };

            var strict = ps.Run("Test-RescaleConnection $device -Agent -KnownHostsPath $kh; Get-RescaleKey -Agent", vars);
            var lenient = ps.Run("$device, $device | Test-RescaleConnection -KnownHostsPath $kh", vars);

            Assert.Equal(false, strict.Prop(0, "Authenticated"));
            Assert.Contains("did not answer as an SSH agent does", (string)strict.Prop(0, "Error"));
            Assert.Equal("AgentProtocolError", Id(Assert.Single(strict.AllErrors)));
            Assert.Empty(lenient.AllErrors);
            Assert.All(lenient.Output, o => Assert.Equal(key, ((LoginKey)o.Properties["LoginKey"].Value).Path));
            var warning = Assert.Single(lenient.Warnings);
            Assert.Contains(garbage.SocketPath, warning);
            Assert.Contains("Carrying on without the agent", warning);
        }
    }
}
