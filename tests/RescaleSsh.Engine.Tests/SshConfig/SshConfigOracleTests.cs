using System;
using System.Linq;
using Xunit;

namespace RescaleSsh.Engine.Tests.SshConfig
{
    /// <summary>The module's ssh_config resolution compared with OpenSSH's own (ssh -G) on the hand-written corpus.</summary>
    public class SshConfigOracleTests : IDisposable
    {
        private readonly OpenSshOracle _oracle = new OpenSshOracle();

        public void Dispose() => _oracle.Dispose();

        [Fact]
        public void The_corpus_has_at_least_forty_cases_with_distinct_names()
        {
            Assert.True(ConfigCorpus.Cases.Count >= 40);
            Assert.Equal(ConfigCorpus.Cases.Count, ConfigCorpus.Cases.Select(c => c.Name).Distinct().Count());
        }

        [Theory]
        [MemberData(nameof(ConfigCorpus.Names), MemberType = typeof(ConfigCorpus))]
        public void Resolution_agrees_with_ssh_G(string name)
        {
            var c = ConfigCorpus.Cases.Single(x => x.Name == name);
            foreach (var file in c.Files ?? new System.Collections.Generic.Dictionary<string, string>())
                _oracle.Write(file.Key.Replace("{HOME}", _oracle.Home), file.Value.Replace("{HOME}", _oracle.Home));
            string config = _oracle.Write("test_config", c.Config.Replace("{HOME}", _oracle.Home));
            var (agreement, detail) = OracleComparison.Compare(_oracle, config, c.Host, c.Overrides, c.SshArgs ?? Array.Empty<string>());
            Assert.True(agreement == c.Expected, $"{agreement} (expected {c.Expected}): {detail}");
        }
    

        /// <summary>
        /// ssh -G prints IdentityFile as written, but expands UserKnownHostsFile with the same code (tilde, then
        /// %-tokens and ${VAR}), so the same text in UserKnownHostsFile is the oracle for IdentityFile's expansion.
        /// </summary>
        [Theory]
        [InlineData("~/.ssh/id_%r@%h")]
        [InlineData("%d/keys/%u_%p_%n_%%")]
        [InlineData("${KEYS}/%k/%C")]
        [InlineData("~/.ssh/%l-%L-%i")]
        [InlineData("~")]
        public void IdentityFile_expands_as_ssh_expands_the_same_text(string text)
        {
            string config = _oracle.Write("test_config", $"Host dev1\n  HostName Real.Example\n  User u1\n  Port 2022\n  IdentityFile {text}\n  UserKnownHostsFile {text}\n");
            var (options, error) = _oracle.Resolve(config, "dev1");
            Assert.Null(error);
            var mine = new RescaleSsh.SshConfig.SshConfigResolver(_oracle.Environment).Resolve("dev1", null, config);
            Assert.Equal(options["userknownhostsfile"][0], mine.IdentityFiles.Single().Value);
            Assert.Equal(text, mine.IdentityFiles.Single().Written);
        }
    }
}
