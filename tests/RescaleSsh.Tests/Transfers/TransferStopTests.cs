using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Transfers
{
    public class TransferStopTests : IClassFixture<TransferServer>
    {
        private readonly TransferServer _fx;

        public TransferStopTests(TransferServer fx)
        {
            _fx = fx;
        }

        [Fact]
        public void Ctrl_C_during_a_stalled_upload_stops_promptly_and_leaves_no_file_under_the_final_name()
        {
            using var local = new TempFolder();
            string file = TransferServer.WriteRandomFile(Path.Combine(local.Path, "stalled.bin"), 20L * 1024 * 1024, seed: 21);
            string remote = _fx.NewRemoteFolder();
            string partial = Path.Combine(_fx.HomePath(remote), ".stalled.bin.rsh-part");
            using var proxy = new StallingProxy(_fx.Server.Port) { StallAfterBytes = 4L * 1024 * 1024 };

            _fx.RunAndStopWhen($"Copy-RescaleItem $src $dst {_fx.Connection(proxy.Port)}", new (string, object)[] { ("src", file), ("dst", _fx.Remote(remote)) },
                () => File.Exists(partial) && proxy.BytesUpstream >= proxy.StallAfterBytes);

            Assert.False(File.Exists(Path.Combine(_fx.HomePath(remote), "stalled.bin")));
        }

        [Fact]
        public void Ctrl_C_during_a_stalled_download_stops_promptly_and_leaves_no_file_under_the_final_name()
        {
            using var local = new TempFolder();
            string remote = _fx.NewRemoteFolder();
            TransferServer.WriteRandomFile(Path.Combine(_fx.HomePath(remote), "stalled down.bin"), 20L * 1024 * 1024, seed: 22);
            _fx.Server.GiveToUser(_fx.HomePath(remote));
            string partial = Path.Combine(local.Path, ".stalled down.bin.rsh-part");
            using var proxy = new StallingProxy(_fx.Server.Port) { StallDownstreamAfterBytes = 4L * 1024 * 1024 };

            _fx.RunAndStopWhen($"Copy-RescaleItem $src $dst {_fx.Connection(proxy.Port)}", new (string, object)[] { ("src", _fx.Remote(remote + "/stalled down.bin")), ("dst", local.Path) },
                () => proxy.BytesDownstream >= proxy.StallDownstreamAfterBytes && File.Exists(partial) && new FileInfo(partial).Length > 0);

            Assert.False(File.Exists(Path.Combine(local.Path, "stalled down.bin")));
            Assert.InRange(new FileInfo(partial).Length, 1, 20L * 1024 * 1024 - 1);
        }
    }
}
