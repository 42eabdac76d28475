using System;
using System.IO;
using System.Linq;
using RescaleSsh.Connections;
using RescaleSsh.Engine.Tests.Infrastructure;
using RescaleSsh.SshConfig;
using Xunit;

namespace RescaleSsh.Engine.Tests.Connections
{
    /// <summary>
    /// How a device name becomes what the cmdlets connect to: ~/.ssh/config with OpenSSH's rules, the device string and
    /// the command line winning, the module's defaults for the rest, and where each value came from.
    /// </summary>
    public class DeviceResolverTests : IDisposable
    {
        private readonly TempFolder _folder = new TempFolder();
        private readonly string _home;
        private readonly DeviceResolver _resolver;

        public DeviceResolverTests()
        {
            _home = _folder.Combine("home");
            Directory.CreateDirectory(Path.Combine(_home, ".ssh"));
            _resolver = new DeviceResolver(new SshConfigEnvironment(_home, "localme", "1000", "box.local", _ => null), null);
        }

        public void Dispose() => _folder.Dispose();

        private string Config(string text) => _folder.Write("home/.ssh/config", text);

        private Device Resolve(string text, ConnectionRequest request, out ConnectionOptions options) =>
            _resolver.Resolve(text, DeviceAddress.Parse(text), request ?? new ConnectionRequest(), out options);

        private ResolvedDevice Describe(string text, ConnectionRequest request = null) =>
            _resolver.Describe(text, DeviceAddress.Parse(text), request ?? new ConnectionRequest());

        private static string Source(ResolvedDevice device, string name) => device.Settings.Single(s => s.Name == name).Source;

        [Fact]
        public void An_alias_takes_address_user_port_and_keys_from_the_config_and_says_where_from()
        {
            string config = Config("Host dev1\n  HostName 10.54.7.67\n  User udeprod.ttooPb\n  Port 2222\n  IdentityFile ~/.ssh/dev_key\n");

            var device = Resolve("dev1", null, out var options);

            Assert.Equal(("10.54.7.67", "udeprod.ttooPb", 2222), (device.ComputerName, device.UserName, device.Port));
            Assert.Equal(new[] { Path.Combine(_home, ".ssh", "dev_key") }, options.KeyFilePaths);
            Assert.False(options.KeyFilesGiven);
            Assert.Equal(AgentUse.Default, options.Agent);
            var view = Describe("dev1");
            Assert.Equal(config + ":2", Source(view, "ComputerName"));
            Assert.Equal(config + ":3", Source(view, "UserName"));
            Assert.Equal(config + ":4", Source(view, "Port"));
            Assert.Equal(config + ":5", Source(view, "KeyFilePath"));
            Assert.Equal("default", Source(view, "HostKeyPolicy"));
        }

        [Fact]
        public void The_device_string_and_the_command_line_win_over_the_config()
        {
            Config("Host dev1\n  HostName 10.54.7.67\n  User fromconfig\n  Port 2222\n");

            var written = Resolve("me@dev1:2200", new ConnectionRequest { UserName = "param", Port = 2100 }, out _);
            var parameters = Resolve("dev1", new ConnectionRequest { UserName = "param", Port = 2100 }, out _);

            Assert.Equal(("me", 2200), (written.UserName, written.Port));
            Assert.Equal(("param", 2100), (parameters.UserName, parameters.Port));
            var view = Describe("me@dev1:2200", new ConnectionRequest { Port = 2100 });
            Assert.Equal("device string", Source(view, "UserName"));
            Assert.Equal("device string", Source(view, "Port"));
            Assert.Equal("command line", Source(Describe("dev1", new ConnectionRequest { Port = 2100 }), "Port"));
        }

        [Fact]
        public void A_device_without_any_user_is_DeviceInvalid_and_Describe_shows_no_user()
        {
            Config("Host dev1\n  HostName 10.54.7.67\n");

            var ex = Assert.Throws<RescaleSshException>(() => Resolve("dev1", null, out _));

            Assert.Equal("DeviceInvalid", ex.ErrorId);
            Assert.Contains("~/.ssh/config", ex.Message);
            Assert.Null(Describe("dev1").UserName);
        }

        [Fact]
        public void NoSshConfig_and_SshConfigPath_choose_what_is_read()
        {
            Config("Host dev1\n  User fromhome\n");
            string other = _folder.Write("other_config", "Host dev1\n  User fromother\n  Port 2022\n");

            Assert.Equal("fromother", Resolve("dev1", new ConnectionRequest { SshConfigPath = other }, out _).UserName);
            Assert.Equal(22, Resolve("u@dev1", new ConnectionRequest { ReadSshConfig = false }, out _).Port);
            var missing = Assert.Throws<RescaleSshException>(() => Resolve("dev1", new ConnectionRequest { SshConfigPath = _folder.Combine("nope") }, out _));
            Assert.Equal("SshConfigUnreadable", missing.ErrorId);
        }

        [Fact]
        public void Without_IdentityFile_the_module_default_keys_are_offered_in_the_spec_order()
        {
            Resolve("u@10.0.0.1", null, out var options);
            Assert.Equal(ConnectionOptions.DefaultKeyFileNames.Select(n => Path.Combine(_home, ".ssh", n)), options.KeyFilePaths);
            Assert.Equal("default", Source(Describe("u@10.0.0.1"), "KeyFilePath"));
        }

        [Fact]
        public void KeyFilePath_given_means_those_keys_only_and_no_agent()
        {
            Config("Host dev1\n  User u\n  IdentityFile ~/.ssh/dev_key\n  IdentityAgent /run/agent.sock\n");

            Resolve("dev1", new ConnectionRequest { KeyFilePaths = new[] { "/k/a", "/k/b" } }, out var options);

            Assert.Equal(new[] { "/k/a", "/k/b" }, options.KeyFilePaths);
            Assert.True(options.KeyFilesGiven);
            Assert.Equal(AgentUse.None, options.Agent);
        }

        [Theory]
        [InlineData("IdentityAgent none\n", "Default", "None", null)]
        [InlineData("IdentityAgent /run/a.sock\n", "Default", "Default", "/run/a.sock")]
        [InlineData("IdentityAgent none\n", "Only", "Only", null)]
        [InlineData("IdentityAgent /run/a.sock\n", "None", "None", null)]
        [InlineData("", "Default", "Default", null)]
        public void The_agent_follows_Agent_NoAgent_and_IdentityAgent(string line, string asked, string expected, string path)
        {
            Config("Host dev1\n  User u\n  " + line);
            Resolve("dev1", new ConnectionRequest { Agent = Enum.Parse<AgentUse>(asked) }, out var options);
            Assert.Equal((Enum.Parse<AgentUse>(expected), path), (options.Agent, options.AgentPath));
        }

        [Fact]
        public void AgentPath_wins_over_IdentityAgent()
        {
            Config("Host dev1\n  User u\n  IdentityAgent /run/config.sock\n");
            Resolve("dev1", new ConnectionRequest { AgentPath = "/run/given.sock" }, out var options);
            Assert.Equal("/run/given.sock", options.AgentPath);
        }

        [Theory]
        [InlineData("", HostKeyPolicy.AcceptNew, 0)]
        [InlineData("StrictHostKeyChecking yes\n", HostKeyPolicy.Strict, 0)]
        [InlineData("StrictHostKeyChecking ask\n", HostKeyPolicy.Strict, 1)]
        [InlineData("StrictHostKeyChecking accept-new\n", HostKeyPolicy.AcceptNew, 0)]
        [InlineData("StrictHostKeyChecking no\n", HostKeyPolicy.GiveUpSecurityAndAcceptAny, 0)]
        public void StrictHostKeyChecking_becomes_the_host_key_policy_and_ask_is_noted(string line, HostKeyPolicy policy, int notes)
        {
            Config("Host dev1\n  User u\n  " + line);
            Resolve("dev1", null, out var options);
            Assert.Equal(policy, options.HostKeyPolicy);
            Assert.Equal(notes, options.Config.Notes.Count);
            Resolve("dev1", new ConnectionRequest { HostKeyPolicy = HostKeyPolicy.GiveUpSecurityAndAcceptAny }, out var given);
            Assert.Equal(HostKeyPolicy.GiveUpSecurityAndAcceptAny, given.HostKeyPolicy);
        }

        [Fact]
        public void Known_hosts_file_alias_timeouts_and_keep_alive_come_from_the_config_unless_given()
        {
            Config("Host dev1\n  User u\n  UserKnownHostsFile ~/.ssh/kh_rescale ~/.ssh/kh_other\n  HostKeyAlias rescale-dev1\n  ConnectTimeout 7\n  ServerAliveInterval 30\n");

            var device = Resolve("dev1", null, out var options);

            Assert.Equal(Path.Combine(_home, ".ssh", "kh_rescale"), options.KnownHostsPath);
            Assert.Equal("rescale-dev1", options.KnownHostsDevice(device).KnownHostsName);
            Assert.Equal((7, 30), (options.ConnectTimeoutSeconds, options.KeepAliveSeconds));
            Resolve("dev1", new ConnectionRequest { KnownHostsPath = "/given/kh", ConnectTimeoutSeconds = 9 }, out var given);
            Assert.Equal(("/given/kh", 9), (given.KnownHostsPath, given.ConnectTimeoutSeconds));
        }

        [Fact]
        public void UserKnownHostsFile_none_reads_and_records_nothing()
        {
            Config("Host dev1\n  User u\n  UserKnownHostsFile none\n");
            Resolve("dev1", null, out var options);
            Assert.Equal(OperatingSystem.IsWindows() ? "NUL" : "/dev/null", options.KnownHostsPath);
        }

        [Fact]
        public void Routing_the_module_cannot_follow_is_SshConfigUnsupported_for_that_host_only()
        {
            Config("Host jump\n  User u\n  ProxyJump bastion\nHost dev1\n  User u\n");
            var ex = Assert.Throws<RescaleSshException>(() => Resolve("jump", null, out _));
            Assert.Equal("SshConfigUnsupported", ex.ErrorId);
            Assert.Contains("ProxyJump", ex.Message);
            Assert.Equal("dev1", Resolve("dev1", null, out _).ComputerName);
        }

        [Fact]
        public void The_config_is_read_once_per_resolver_that_is_once_per_command()
        {
            string config = Config("Host dev*\n  User u\n  Port 2222\n");
            Assert.Equal(2222, Resolve("dev1", null, out _).Port);

            File.Delete(config);

            Assert.Equal(2222, Resolve("dev2", null, out _).Port);
            var fresh = new DeviceResolver(new SshConfigEnvironment(_home, "localme", "1000", "box.local", _ => null), null);
            Assert.Equal(22, fresh.Resolve("u@dev3", DeviceAddress.Parse("u@dev3"), new ConnectionRequest(), out _).Port);
        }
    }
}
