using System;
using System.IO;
using System.Linq;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Transfers
{
    public class TransferUpdateTests : IClassFixture<TransferServer>
    {
        private readonly TransferServer _fx;

        public TransferUpdateTests(TransferServer fx)
        {
            _fx = fx;
        }

        private static TransferResult[] Results(ScriptResult r) => r.Output.Select(o => (TransferResult)o.BaseObject).ToArray();

        [Fact]
        public void Update_skips_unchanged_files_and_copies_those_whose_size_or_time_changed_on_upload()
        {
            using var local = new TempFolder();
            string src = Path.Combine(local.Path, "src");
            Directory.CreateDirectory(src);
            foreach (var name in new[] { "same.txt", "grown.txt", "touched.txt" })
            {
                File.WriteAllText(Path.Combine(src, name), name);
                File.SetLastWriteTimeUtc(Path.Combine(src, name), TransferServer.OldTime);
            }
            string remote = _fx.NewRemoteFolder();
            string script = $"Copy-RescaleItem ($src + '/*') $dst -Update {_fx.Connection()}";
            var first = _fx.Run(script, ("src", src), ("dst", _fx.Remote(remote)));
            Assert.Empty(first.AllErrors);
            Assert.All(Results(first), r => Assert.Equal(TransferStatus.Copied, r.Status));

            File.AppendAllText(Path.Combine(src, "grown.txt"), " and more");
            File.SetLastWriteTimeUtc(Path.Combine(src, "grown.txt"), TransferServer.OldTime);
            File.SetLastWriteTimeUtc(Path.Combine(src, "touched.txt"), TransferServer.OldTime.AddHours(1));
            var second = _fx.Run(script, ("src", src), ("dst", _fx.Remote(remote)));

            Assert.Empty(second.AllErrors);
            var byName = Results(second).ToDictionary(r => Path.GetFileName(r.Source));
            Assert.Equal(TransferStatus.Skipped, byName["same.txt"].Status);
            Assert.Equal(TransferStatus.Copied, byName["grown.txt"].Status);
            Assert.Equal(TransferStatus.Copied, byName["touched.txt"].Status);
            Assert.Equal("grown.txt and more", File.ReadAllText(Path.Combine(_fx.HomePath(remote), "grown.txt")));
            Assert.Equal(TransferServer.OldTime.AddHours(1), File.GetLastWriteTimeUtc(Path.Combine(_fx.HomePath(remote), "touched.txt")));
        }

        [Fact]
        public void Update_skips_unchanged_files_on_download_and_a_rerun_skips_everything()
        {
            using var local = new TempFolder();
            string remote = _fx.NewRemoteFolder();
            string remoteFile = Path.Combine(_fx.HomePath(remote), "data.bin");
            TransferServer.WriteRandomFile(remoteFile, 100_000);
            File.SetLastWriteTimeUtc(remoteFile, TransferServer.OldTime);
            _fx.Server.GiveToUser(_fx.HomePath(remote));
            string script = $"Copy-RescaleItem $src $dst -Recurse -Update {_fx.Connection()}";

            var first = _fx.Run(script, ("src", _fx.Remote(remote)), ("dst", local.Path));
            var second = _fx.Run(script, ("src", _fx.Remote(remote)), ("dst", local.Path));
            File.SetLastWriteTimeUtc(remoteFile, TransferServer.OldTime.AddDays(1));
            var third = _fx.Run(script, ("src", _fx.Remote(remote)), ("dst", local.Path));

            Assert.Empty(first.AllErrors.Concat(second.AllErrors).Concat(third.AllErrors));
            Assert.Equal(TransferStatus.Copied, Results(first).Single().Status);
            Assert.Equal(TransferStatus.Skipped, Results(second).Single().Status);
            Assert.Equal(TransferStatus.Copied, Results(third).Single().Status);
            Assert.Equal(TransferServer.OldTime.AddDays(1), File.GetLastWriteTimeUtc(Path.Combine(local.Path, remote, "data.bin")));
        }
    }
}
