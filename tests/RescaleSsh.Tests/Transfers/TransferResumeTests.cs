using System.IO;
using System.Linq;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Transfers
{
    public class TransferResumeTests : IClassFixture<TransferServer>
    {
        private const long Size = 50L * 1024 * 1024;
        private const long Slack = 2L * 1024 * 1024;
        private readonly TransferServer _fx;

        public TransferResumeTests(TransferServer fx)
        {
            _fx = fx;
        }

        [Fact]
        public void A_cut_upload_leaves_no_file_under_its_name_and_Resume_sends_only_the_missing_part()
        {
            using var local = new TempFolder();
            string file = TransferServer.WriteRandomFile(Path.Combine(local.Path, "big upload.bin"), Size, seed: 11);
            string remote = _fx.NewRemoteFolder();
            string target = Path.Combine(_fx.HomePath(remote), "big upload.bin");
            using var proxy = new FaultInjectingProxy(_fx.Server.Port) { CutAfterBytes = Size / 2 };
            string script = $"Copy-RescaleItem $src $dst {_fx.Connection(proxy.Port)}";
            // One channel, as on any loopback link: on a loaded machine the measured round trip came near the 10 ms from
            // which a large upload goes in ranges (their resume is WanTransferTests').
            _fx.PowerShell.Hooks.UploadConnections = 1;
            try
            {
                CutUploadThenResume(file, remote, target, proxy, script);
            }
            finally
            {
                _fx.PowerShell.Hooks.UploadConnections = 0;
            }
        }

        private void CutUploadThenResume(string file, string remote, string target, FaultInjectingProxy proxy, string script)
        {
            var cut = _fx.Run(script + "; 'after'", ("src", file), ("dst", _fx.Remote(remote)));

            Assert.Contains(cut.Errors, e => e.FullyQualifiedErrorId.StartsWith("ConnectionLost,") && Equals(e.TargetObject, file));
            Assert.Equal("after", cut.Output.Last().BaseObject);
            Assert.False(File.Exists(target));
            _fx.WaitUntilServerSessionsEnd();
            long partial = new FileInfo(Path.Combine(_fx.HomePath(remote), ".big upload.bin.rsh-part")).Length;
            Assert.InRange(partial, 1, Size - 1);

            proxy.CutAfterBytes = null;
            proxy.ResetCounters();
            var resumed = _fx.Run(script + " -Resume", ("src", file), ("dst", _fx.Remote(remote)));

            Assert.True(!resumed.AllErrors.Any(), resumed.ToString());
            Assert.Equal(TransferStatus.Resumed, ((TransferResult)resumed.Output.Single().BaseObject).Status);
            Assert.Equal(TransferServer.Sha256(file), TransferServer.Sha256(target));
            Assert.InRange(proxy.BytesClientToServer, Size - partial, Size - partial + Slack);
            Assert.False(File.Exists(Path.Combine(_fx.HomePath(remote), ".big upload.bin.rsh-part")));
        }

        [Fact]
        public void A_cut_download_leaves_no_file_under_its_name_and_Resume_fetches_only_the_missing_part()
        {
            CutDownloadThenResume(_fx, "big download.bin", seed: 12);
        }

        /// <summary>
        /// Cuts a download of a <see cref="Size"/> file half-way through a proxy, checks that nothing is under the final
        /// name and a partial file is, then resumes and checks the bytes and that only the missing part was fetched.
        /// </summary>
        internal static void CutDownloadThenResume(TransferServer fx, string name, int seed)
        {
            using var local = new TempFolder();
            string remote = fx.NewRemoteFolder();
            string source = TransferServer.WriteRandomFile(Path.Combine(fx.HomePath(remote), name), Size, seed);
            fx.Server.GiveToUser(fx.HomePath(remote));
            string target = Path.Combine(local.Path, name);
            using var proxy = new FaultInjectingProxy(fx.Server.Port) { CutAfterBytes = Size / 2 };
            string script = $"Copy-RescaleItem $src $dst {fx.Connection(proxy.Port)}";

            var cut = fx.Run(script, ("src", fx.Remote(remote + "/" + name)), ("dst", local.Path));

            Assert.Contains(cut.Errors, e => e.FullyQualifiedErrorId.StartsWith("ConnectionLost,"));
            Assert.False(File.Exists(target));
            long partial = new FileInfo(Path.Combine(local.Path, "." + name + ".rsh-part")).Length;
            Assert.InRange(partial, 1, Size - 1);

            proxy.CutAfterBytes = null;
            proxy.ResetCounters();
            var resumed = fx.Run(script + " -Resume", ("src", fx.Remote(remote + "/" + name)), ("dst", local.Path));

            Assert.True(!resumed.AllErrors.Any(), resumed.ToString());
            Assert.Equal(TransferStatus.Resumed, ((TransferResult)resumed.Output.Single().BaseObject).Status);
            Assert.Equal(TransferServer.Sha256(source), TransferServer.Sha256(target));
            Assert.InRange(proxy.BytesServerToClient, Size - partial, Size - partial + Slack);
        }

        [Fact]
        public void Without_Resume_a_leftover_partial_file_is_replaced_not_continued()
        {
            using var local = new TempFolder();
            string file = Path.Combine(local.Path, "small.txt");
            File.WriteAllText(file, "the real content");
            string remote = _fx.NewRemoteFolder();
            File.WriteAllText(Path.Combine(_fx.HomePath(remote), ".small.txt.rsh-part"), "garbage");
            _fx.Server.GiveToUser(_fx.HomePath(remote));

            var r = _fx.Run($"Copy-RescaleItem $src $dst {_fx.Connection()}", ("src", file), ("dst", _fx.Remote(remote)));

            Assert.Empty(r.AllErrors);
            Assert.Equal("the real content", File.ReadAllText(Path.Combine(_fx.HomePath(remote), "small.txt")));
        }
    }
}
