using System;
using System.IO;
using System.Linq;
using RescaleSsh.Tests.Infrastructure;
using RescaleSsh.Transfers;
using Xunit;

namespace RescaleSsh.Tests.Transfers
{
    [Collection(nameof(TransferVerifyTests))]
    public class TransferVerifyTests : IClassFixture<TransferServer>
    {
        private readonly TransferServer _fx;

        public TransferVerifyTests(TransferServer fx)
        {
            _fx = fx;
        }

        [Fact]
        public void Verify_reports_the_SHA256_both_sides_agree_on_for_awkward_names()
        {
            using var local = new TempFolder();
            string src = Path.Combine(local.Path, "src");
            Directory.CreateDirectory(src);
            string[] names = { "-n 'x' \"y\" $(id) `z`.bin", "plain.bin", "ünïcödé.bin" };
            foreach (var name in names) TransferServer.WriteRandomFile(Path.Combine(src, name), 70_000, seed: name.Length);
            string remote = _fx.NewRemoteFolder();

            var up = _fx.Run($"Copy-RescaleItem $src $dst -Recurse -Verify {_fx.Connection()}", ("src", src), ("dst", _fx.Remote(remote)));
            string back = Path.Combine(local.Path, "back");
            var down = _fx.Run($"Copy-RescaleItem $src $dst -Recurse -Verify {_fx.Connection()}", ("src", _fx.Remote(remote + "/src")), ("dst", back));

            Assert.True(!up.AllErrors.Any() && !down.AllErrors.Any(), up + " / " + down);
            foreach (var result in up.Output.Concat(down.Output).Select(o => (TransferResult)o.BaseObject))
            {
                string name = Path.GetFileName(result.Source.Replace(_fx.Remote(""), ""));
                Assert.Equal(TransferServer.Sha256(Path.Combine(src, name)), result.Sha256);
            }
            Assert.Equal(6, up.Output.Count + down.Output.Count);
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void A_Verify_mismatch_leaves_nothing_under_the_final_name_and_an_existing_file_unchanged(bool upload)
        {
            using var local = new TempFolder();
            string remote = _fx.NewRemoteFolder();
            string source = upload
                ? TransferServer.WriteRandomFile(Path.Combine(local.Path, "victim.bin"), 200_000, seed: 5)
                : TransferServer.WriteRandomFile(Path.Combine(_fx.HomePath(remote), "victim.bin"), 200_000, seed: 5);
            string target = upload ? Path.Combine(_fx.HomePath(remote), "victim.bin") : Path.Combine(local.Path, "down", "victim.bin");
            Directory.CreateDirectory(Path.GetDirectoryName(target));
            File.WriteAllText(target, "the old copy");
            _fx.Server.GiveToUser(_fx.HomePath(remote));
            string checkedPath = null;
            _fx.PowerShell.Hooks.BeforeVerify = path =>
            {
                checkedPath = upload ? Path.Combine(_fx.Server.Home, path) : path;
                using var stream = new FileStream(checkedPath, FileMode.Open, FileAccess.Write);
                stream.Position = 1000;
                stream.WriteByte(0xFF);
                stream.WriteByte(0x00);
            };
            try
            {
                var r = upload
                    ? _fx.Run($"Copy-RescaleItem $src $dst -Verify {_fx.Connection()}; 'went on'", ("src", source), ("dst", _fx.Remote(remote)))
                    : _fx.Run($"Copy-RescaleItem $src $dst -Verify {_fx.Connection()}; 'went on'", ("src", _fx.Remote(remote + "/victim.bin")), ("dst", Path.GetDirectoryName(target)));

                var error = Assert.Single(r.Errors);
                Assert.Equal("VerifyFailed,RescaleSsh.Commands.CopyRescaleItemCommand", error.FullyQualifiedErrorId);
                Assert.Equal(System.Management.Automation.ErrorCategory.InvalidData, error.CategoryInfo.Category);
                Assert.Equal(upload ? source : _fx.Remote(remote + "/victim.bin"), error.TargetObject);
                Assert.DoesNotContain(".rsh-part", error.Exception.Message);
                Assert.Equal("went on", Assert.Single(r.Output).BaseObject);
                Assert.Equal("the old copy", File.ReadAllText(target));
                Assert.EndsWith(".victim.bin.rsh-part", checkedPath);
                Assert.False(File.Exists(checkedPath));
            }
            finally
            {
                _fx.PowerShell.Hooks.BeforeVerify = null;
            }
        }

        [Fact]
        public void Verify_on_a_device_without_sha256sum_or_shasum_is_a_clear_error_for_each_file()
        {
            // A key whose forced command serves SFTP as usual but runs every other command with an empty PATH:
            // a device on which neither hash tool can be found.
            string key = Path.Combine(_fx.Server.ClientFolder, "no-hash-tools");
            ExternalTool.Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key).EnsureSuccess("ssh-keygen");
            _fx.Server.AuthorizeKey("command=\"if [ \\\"$SSH_ORIGINAL_COMMAND\\\" = internal-sftp ]; then exec /usr/lib/openssh/sftp-server; fi; PATH=/nonexistent; eval \\\"$SSH_ORIGINAL_COMMAND\\\"\" " +
                                    File.ReadAllText(key + ".pub").Trim());
            using var local = new TempFolder();
            string a = TransferServer.WriteRandomFile(Path.Combine(local.Path, "a.bin"), 10_000, seed: 1);
            string b = TransferServer.WriteRandomFile(Path.Combine(local.Path, "b.bin"), 10_000, seed: 2);
            string remote = _fx.NewRemoteFolder();
            string connection = _fx.Connection().Replace(_fx.KeyPath, key);

            var r = _fx.Run($"Copy-RescaleItem $a, $b $dst -Verify {connection}", ("a", a), ("b", b), ("dst", _fx.Remote(remote)));

            Assert.Empty(r.Output);
            Assert.Equal(2, r.Errors.Count);
            Assert.All(r.Errors, e =>
            {
                Assert.Equal("RemoteHashUnavailable,RescaleSsh.Commands.CopyRescaleItemCommand", e.FullyQualifiedErrorId);
                Assert.Equal(System.Management.Automation.ErrorCategory.NotInstalled, e.CategoryInfo.Category);
                Assert.Contains("neither sha256sum nor shasum", e.Exception.Message);
            });
            Assert.Equal(new[] { a, b }, r.Errors.Select(e => (string)e.TargetObject).OrderBy(t => t, StringComparer.Ordinal));
            // The copies themselves were made; only the check could not be.
            Assert.Equal(TransferServer.Sha256(a), TransferServer.Sha256(Path.Combine(_fx.HomePath(remote), "a.bin")));
        }

        [Fact]
        public void The_remote_hash_command_hashes_awkward_names_and_exits_127_when_no_hash_tool_exists()
        {
            using var local = new TempFolder();
            string name = "-odd 'name' $x.bin";
            File.WriteAllText(Path.Combine(local.Path, name), "hash me");
            string command = RemoteHasher.CommandFor(name);

            var found = ExternalTool.Run("/bin/sh", new[] { "-c", command }, null, 30, local.Path);
            var missing = ExternalTool.Run("/usr/bin/env", new[] { "PATH=/nonexistent", "/bin/sh", "-c", command }, null, 30, local.Path);

            Assert.Equal(0, found.ExitCode);
            Assert.StartsWith(TransferServer.Sha256(Path.Combine(local.Path, name)) + " ", found.StdOut.TrimStart('\\'));
            Assert.Equal(127, missing.ExitCode);
            Assert.Contains("neither sha256sum nor shasum", missing.StdErr);
        }

        [Theory]
        [InlineData("plain")]
        [InlineData("it's")]
        [InlineData("'; rm -rf / #")]
        [InlineData("-rf")]
        [InlineData("$HOME `id` \"q\" \\ \n newline")]
        public void Remote_paths_reach_the_shell_as_one_literal_word(string name)
        {
            var run = ExternalTool.Run("sh", "-c", "printf '%s' " + RemotePath.QuoteForShell(name));
            Assert.Equal(0, run.ExitCode);
            Assert.Equal(name, run.StdOut);
        }
    }
}
