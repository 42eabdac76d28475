using System;
using System.IO;
using System.Linq;
using RescaleSsh.Engine.Tests.Infrastructure;
using RescaleSsh.SshConfig;
using Xunit;

namespace RescaleSsh.Engine.Tests.SshConfig
{
    /// <summary>What the resolver reports besides the values ssh -G shows: where each value came from, its errors, the caller's values.</summary>
    public class SshConfigResolverTests : IDisposable
    {
        private readonly TempFolder _folder = new TempFolder();
        private readonly SshConfigEnvironment _environment;

        public SshConfigResolverTests()
        {
            Directory.CreateDirectory(_folder.Combine("home", ".ssh"));
            _environment = new SshConfigEnvironment(_folder.Combine("home"), "me", "1000", "box.local", name => name == "AGENTS" ? "/run/a" : null);
        }

        public void Dispose() => _folder.Dispose();

        private SshConfigResolver Resolver => new SshConfigResolver(_environment);

        private string Config(string text) => _folder.Write("home/.ssh/config", text);

        [Fact]
        public void Each_value_says_where_it_came_from()
        {
            string path = Config("Host dev1\n  HostName 10.0.0.5\n  Port 2222\n  IdentityFile ~/.ssh/dev_key\n");
            var host = Resolver.Resolve("dev1", new SshConfigOverrides { User = "alice" });
            Assert.Equal(path, host.ConfigFile);
            Assert.Equal(("10.0.0.5", path + ":2"), (host.HostName.Value, host.HostName.Source.ToString()));
            Assert.Equal(2222, host.Port.Value);
            Assert.Equal(path + ":3", host.Port.Source.ToString());
            Assert.Equal(("alice", "command line"), (host.User.Value, host.User.Source.ToString()));
            Assert.Equal("default", host.StrictHostKeyChecking.Source.ToString());
            var key = Assert.Single(host.IdentityFiles);
            Assert.Equal((_folder.Combine("home", ".ssh", "dev_key"), "~/.ssh/dev_key", 4), (key.Value, key.Written, key.Source.Line));
        }

        [Fact]
        public void Without_a_config_file_the_defaults_apply()
        {
            var host = Resolver.Resolve("Server.Example");
            Assert.Null(host.ConfigFile);
            Assert.Equal("server.example", host.HostName.Value);
            Assert.Equal(("me", 22), (host.User.Value, host.Port.Value));
            Assert.Equal(SshConfigResolver.DefaultIdentityFiles, host.IdentityFiles.Select(f => f.Written));
            Assert.All(host.IdentityFiles, f => Assert.Equal(ConfigSourceKind.Default, f.Source.Kind));
            Assert.Equal(new[] { _folder.Combine("home", ".ssh", "known_hosts"), _folder.Combine("home", ".ssh", "known_hosts2") }, host.UserKnownHostsFiles.Select(f => f.Value));
        }

        [Fact]
        public void NoSshConfig_reads_no_file()
        {
            Config("Host dev1\n  Port 2222\n");
            var host = Resolver.Resolve("dev1", readConfig: false);
            Assert.Equal(22, host.Port.Value);
            Assert.Null(host.ConfigFile);
        }

        [Fact]
        public void Key_files_given_on_the_command_line_are_the_only_ones()
        {
            Config("IdentityFile ~/.ssh/from_config\n");
            var host = Resolver.Resolve("dev1", new SshConfigOverrides { IdentityFiles = new[] { "/keys/cli" } });
            var key = Assert.Single(host.IdentityFiles);
            Assert.Equal(("/keys/cli", ConfigSourceKind.CommandLine), (key.Value, key.Source.Kind));
        }

        [Fact]
        public void StrictHostKeyChecking_ask_resolves_with_a_note_saying_it_acts_as_yes()
        {
            Config("StrictHostKeyChecking ask\n");
            var host = Resolver.Resolve("dev1");
            Assert.Equal(StrictHostKeyChecking.Ask, host.StrictHostKeyChecking.Value);
            Assert.Contains(host.Notes, n => n.Contains("cannot ask") && n.Contains("config:1"));
        }

        [Fact]
        public void A_named_config_file_that_is_missing_is_SshConfigUnreadable()
        {
            var e = Assert.Throws<RescaleSshException>(() => Resolver.Resolve("dev1", configPath: _folder.Combine("nope", "config")));
            Assert.Equal("SshConfigUnreadable", e.ErrorId);
            Assert.Equal(FailureCategory.ReadError, e.Category);
            Assert.Contains("-SshConfigPath", e.Message);
        }

        [Fact]
        public void A_config_path_that_is_a_folder_inside_a_file_is_SshConfigUnreadable()
        {
            string file = _folder.Write("plain", "x");
            var e = Assert.Throws<RescaleSshException>(() => Resolver.Resolve("dev1", configPath: Path.Combine(file, "config")));
            Assert.Equal("SshConfigUnreadable", e.ErrorId);
        }

        [Fact]
        public void An_include_loop_is_SshConfigInvalid_naming_the_loop()
        {
            Config("Include a.conf\n");
            _folder.Write("home/.ssh/a.conf", "Include b.conf\n");
            _folder.Write("home/.ssh/b.conf", "Include a.conf\n");
            var e = Assert.Throws<RescaleSshException>(() => Resolver.Resolve("dev1"));
            Assert.Equal("SshConfigInvalid", e.ErrorId);
            Assert.Contains("Include loop", e.Message);
            Assert.Contains("b.conf:1", e.Message);
        }

        [Fact]
        public void A_file_that_includes_itself_is_an_include_loop()
        {
            Config("Include config\n");
            Assert.Contains("Include loop", Assert.Throws<RescaleSshException>(() => Resolver.Resolve("dev1")).Message);
        }

        [Theory]
        [InlineData("Host dev1\n  ProxyJump bastion\n", "ProxyJump bastion", 2)]
        [InlineData("ProxyCommand nc %h %p\n", "ProxyCommand", 1)]
        [InlineData("Match host dev1 exec \"test -f /x\"\n  Port 1\n", "Match exec", 1)]
        [InlineData("Match final\n  Port 1\n", "Match final", 1)]
        [InlineData("CanonicalizeHostname always\n", "CanonicalizeHostname", 1)]
        [InlineData("BindInterface eth1\n", "BindInterface", 1)]
        public void Routing_the_module_cannot_honour_is_SshConfigUnsupported_naming_keyword_and_line(string text, string keyword, int line)
        {
            string path = Config(text);
            var e = Assert.Throws<RescaleSshException>(() => Resolver.Resolve("dev1"));
            Assert.Equal("SshConfigUnsupported", e.ErrorId);
            Assert.Equal(FailureCategory.NotImplemented, e.Category);
            Assert.Contains(keyword, e.Message);
            Assert.Contains($"{path}:{line}", e.Message);
        }

        [Fact]
        public void Bad_syntax_is_SshConfigInvalid_with_file_and_line()
        {
            string path = Config("Host dev1\n  Port twenty-two\n");
            var e = Assert.Throws<RescaleSshException>(() => Resolver.Resolve("other"));
            Assert.Equal("SshConfigInvalid", e.ErrorId);
            Assert.Equal(FailureCategory.InvalidData, e.Category);
            Assert.StartsWith(path + ":2: Bad port 'twenty-two'", e.Message);
        }

        [Fact]
        public void IdentityAgent_expands_tokens_and_variables_and_keeps_none()
        {
            Config("Host a\n  IdentityAgent ${AGENTS}/%r.sock\nHost b\n  IdentityAgent none\nHost c\n  IdentityAgent $AGENTS\n");
            Assert.Equal("/run/a/me.sock", Resolver.Resolve("a").IdentityAgent.Value);
            Assert.Equal("none", Resolver.Resolve("b").IdentityAgent.Value);
            Assert.Equal("/run/a", Resolver.Resolve("c").IdentityAgent.Value);
            Assert.Null(Resolver.Resolve("d").IdentityAgent.Value);
        }

        [Fact]
        public void A_hostile_wildcard_pattern_is_matched_without_blowing_up()
        {
            string pattern = string.Concat(Enumerable.Repeat("a*", 40)) + "b";
            Config($"Host {pattern}\n  Port 2222\n");
            Assert.Equal(22, Resolver.Resolve(new string('a', 5000)).Port.Value);
        }

        [Fact]
        public void Too_much_config_is_an_error_not_a_hang()
        {
            // Each file includes the next level twice: 2^16 reads of the last level if nothing stopped it.
            for (int level = 0; level < 17; level++)
                _folder.Write($"home/.ssh/l{level}.conf", level == 16 ? string.Concat(Enumerable.Repeat("Port 22\n", 50)) : $"Include l{level + 1}.conf\nInclude l{level + 1}.conf\n");
            Config("Include l0.conf\n");
            var e = Assert.Throws<RescaleSshException>(() => Resolver.Resolve("dev1"));
            Assert.Equal("SshConfigInvalid", e.ErrorId);
        }
    }
}
