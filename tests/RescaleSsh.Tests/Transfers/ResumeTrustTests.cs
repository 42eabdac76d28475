using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Transfers
{
    /// <summary>
    /// What -Resume and the file's time may trust, against a real sshd: a partial file left by an older version of the
    /// source is not continued; a file whose content was not confirmed is not given the source's time (so -Update
    /// copies it again); a source that grows or shrinks during a download fails with SourceChanged and leaves nothing.
    /// </summary>
    [Collection(nameof(ResumeTrustTests))]
    public class ResumeTrustTests : IClassFixture<TransferServer>
    {
        private readonly TransferServer _fx;

        public ResumeTrustTests(TransferServer fx)
        {
            _fx = fx;
        }

        private static byte[] Prefix(string file, int length) => File.ReadAllBytes(file).Take(length).ToArray();

        [Fact]
        public void Resume_starts_over_when_the_partial_upload_is_from_an_older_version_and_Update_then_skips_the_good_copy()
        {
            using var local = new TempFolder();
            string file = TransferServer.WriteRandomFile(Path.Combine(local.Path, "model.bin"), 300_000, seed: 31);
            File.SetLastWriteTimeUtc(file, TransferServer.OldTime);
            string older = TransferServer.WriteRandomFile(Path.Combine(local.Path, "older.bin"), 300_000, seed: 32);
            string remote = _fx.NewRemoteFolder();
            File.WriteAllBytes(Path.Combine(_fx.HomePath(remote), ".model.bin.rsh-part"), Prefix(older, 150_000));
            _fx.Server.GiveToUser(_fx.HomePath(remote));
            string script = $"Copy-RescaleItem $src $dst -Resume -Update {_fx.Connection()}";

            var first = _fx.Run(script + " -Verbose", ("src", file), ("dst", _fx.Remote(remote)));
            var second = _fx.Run(script, ("src", file), ("dst", _fx.Remote(remote)));

            Assert.True(!first.AllErrors.Any() && !second.AllErrors.Any(), first + " / " + second);
            Assert.Equal(TransferStatus.Copied, first.Single<TransferResult>().Status);
            Assert.Contains(first.Verbose, v => v.Contains("does not match the start of the source"));
            string target = Path.Combine(_fx.HomePath(remote), "model.bin");
            Assert.Equal(TransferServer.Sha256(file), TransferServer.Sha256(target));
            Assert.Equal(TransferServer.OldTime, File.GetLastWriteTimeUtc(target));
            Assert.Equal(TransferStatus.Skipped, second.Single<TransferResult>().Status);
        }

        [Fact]
        public void Resume_starts_over_when_the_partial_download_is_from_an_older_version()
        {
            using var local = new TempFolder();
            string remote = _fx.NewRemoteFolder();
            string source = TransferServer.WriteRandomFile(Path.Combine(_fx.HomePath(remote), "model.bin"), 300_000, seed: 33);
            _fx.Server.GiveToUser(_fx.HomePath(remote));
            string older = TransferServer.WriteRandomFile(Path.Combine(local.Path, "older", "model.bin"), 300_000, seed: 34);
            File.WriteAllBytes(Path.Combine(local.Path, ".model.bin.rsh-part"), Prefix(older, 150_000));

            var r = _fx.Run($"Copy-RescaleItem $src $dst -Resume {_fx.Connection()}", ("src", _fx.Remote(remote + "/model.bin")), ("dst", local.Path));

            Assert.True(!r.AllErrors.Any(), r.ToString());
            Assert.Equal(TransferStatus.Copied, r.Single<TransferResult>().Status);
            Assert.Equal(TransferServer.Sha256(source), TransferServer.Sha256(Path.Combine(local.Path, "model.bin")));
            Assert.False(File.Exists(Path.Combine(local.Path, ".model.bin.rsh-part")));
        }

        [Fact]
        public void A_partial_that_is_the_start_of_the_source_is_resumed_and_gets_the_source_time()
        {
            using var local = new TempFolder();
            string file = TransferServer.WriteRandomFile(Path.Combine(local.Path, "model.bin"), 300_000, seed: 35);
            File.SetLastWriteTimeUtc(file, TransferServer.OldTime);
            string remote = _fx.NewRemoteFolder();
            File.WriteAllBytes(Path.Combine(_fx.HomePath(remote), ".model.bin.rsh-part"), Prefix(file, 123_456));
            _fx.Server.GiveToUser(_fx.HomePath(remote));

            var r = _fx.Run($"Copy-RescaleItem $src $dst -Resume {_fx.Connection()}", ("src", file), ("dst", _fx.Remote(remote)));

            Assert.True(!r.AllErrors.Any(), r.ToString());
            Assert.Equal(TransferStatus.Resumed, r.Single<TransferResult>().Status);
            string target = Path.Combine(_fx.HomePath(remote), "model.bin");
            Assert.Equal(TransferServer.Sha256(file), TransferServer.Sha256(target));
            Assert.Equal(TransferServer.OldTime, File.GetLastWriteTimeUtc(target));
        }

        [Fact]
        public void Without_a_hash_tool_on_the_device_a_resumed_file_keeps_the_copy_time_and_Update_copies_it_again()
        {
            string key = Path.Combine(_fx.Server.ClientFolder, "no-hash-tools-resume");
            ExternalTool.Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key).EnsureSuccess("ssh-keygen");
            _fx.Server.AuthorizeKey("command=\"if [ \\\"$SSH_ORIGINAL_COMMAND\\\" = internal-sftp ]; then exec /usr/lib/openssh/sftp-server; fi; PATH=/nonexistent; eval \\\"$SSH_ORIGINAL_COMMAND\\\"\" " +
                                    File.ReadAllText(key + ".pub").Trim());
            using var local = new TempFolder();
            string file = TransferServer.WriteRandomFile(Path.Combine(local.Path, "model.bin"), 300_000, seed: 36);
            File.SetLastWriteTimeUtc(file, TransferServer.OldTime);
            string remote = _fx.NewRemoteFolder();
            File.WriteAllBytes(Path.Combine(_fx.HomePath(remote), ".model.bin.rsh-part"), Prefix(file, 100_000));
            _fx.Server.GiveToUser(_fx.HomePath(remote));
            string script = $"Copy-RescaleItem $src $dst -Resume -Update -Verbose {_fx.Connection().Replace(_fx.KeyPath, key)}";

            var resumed = _fx.Run(script, ("src", file), ("dst", _fx.Remote(remote)));
            string target = Path.Combine(_fx.HomePath(remote), "model.bin");
            DateTime afterResume = File.GetLastWriteTimeUtc(target);
            var again = _fx.Run(script, ("src", file), ("dst", _fx.Remote(remote)));

            Assert.True(!resumed.AllErrors.Any() && !again.AllErrors.Any(), resumed + " / " + again);
            Assert.Equal(TransferStatus.Resumed, resumed.Single<TransferResult>().Status);
            Assert.Contains(resumed.Verbose, v => v.Contains("cannot compute SHA-256"));
            Assert.NotEqual(TransferServer.OldTime, afterResume);
            Assert.Equal(TransferStatus.Copied, again.Single<TransferResult>().Status);
            Assert.Equal(TransferServer.Sha256(file), TransferServer.Sha256(target));
            Assert.Equal(TransferServer.OldTime, File.GetLastWriteTimeUtc(target));
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void A_source_that_grows_or_shrinks_during_a_download_fails_with_SourceChanged_and_leaves_nothing(bool grow)
        {
            using var local = new TempFolder();
            string remote = _fx.NewRemoteFolder();
            string source = Path.Combine(_fx.HomePath(remote), "growing.log");
            TransferServer.WriteRandomFile(source, 300_000, seed: 37);
            _fx.Server.GiveToUser(_fx.HomePath(remote));
            _fx.PowerShell.Hooks.BeforeCopy = _ =>
            {
                using var stream = new FileStream(source, FileMode.Open, FileAccess.Write);
                stream.SetLength(grow ? 10_000_000 : 1_000);
            };
            try
            {
                var r = _fx.Run($"Copy-RescaleItem $src $dst {_fx.Connection()}; 'went on'", ("src", _fx.Remote(remote + "/growing.log")), ("dst", local.Path));

                var error = Assert.Single(r.Errors);
                Assert.Equal("SourceChanged,RescaleSsh.Commands.CopyRescaleItemCommand", error.FullyQualifiedErrorId);
                Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
                Assert.Equal(_fx.Remote(remote + "/growing.log"), error.TargetObject);
                Assert.Contains(grow ? "sent more" : "ended at byte 1000", error.Exception.Message);
                Assert.Equal("went on", Assert.Single(r.Output).BaseObject);
                Assert.Empty(Directory.EnumerateFileSystemEntries(local.Path));
            }
            finally
            {
                _fx.PowerShell.Hooks.BeforeCopy = null;
            }
        }
    }
}
