using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Linq;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Transfers
{
    /// <summary>
    /// -ThrottleLimit: how many files are in flight at once, seen on the device as the temporary ".name.rsh-part"
    /// files that exist together while an upload crawls over a slow link.
    /// </summary>
    public class TransferThrottleTests : IClassFixture<TransferServer>
    {
        private readonly TransferServer _fx;

        public TransferThrottleTests(TransferServer fx)
        {
            _fx = fx;
        }

        [Theory]
        [InlineData(1)]
        [InlineData(3)]
        public void ThrottleLimit_files_are_in_flight_at_once_and_no_more(int limit)
        {
            using var local = new TempFolder();
            string src = Path.Combine(local.Path, "many");
            for (int i = 0; i < 8; i++) TransferServer.WriteRandomFile(Path.Combine(src, $"f{i}.bin"), 512 * 1024, seed: i);
            string remote = _fx.NewRemoteFolder();
            string landed = Path.Combine(_fx.HomePath(remote), "many");
            // 4 MiB over a 2 MiB/s uplink: about two seconds, with every file in flight for a good part of a second.
            using var proxy = new StallingProxy(_fx.Server.Port) { UpstreamBytesPerSecond = 2L * 1024 * 1024 };
            int most = 0;
            using var done = new ManualResetEventSlim();
            var watcher = new Thread(() =>
            {
                var clock = Stopwatch.StartNew();
                while (!done.IsSet && clock.Elapsed < TimeSpan.FromSeconds(60))
                {
                    int now = Directory.Exists(landed) ? Directory.GetFiles(landed, ".*.rsh-part").Length : 0;
                    most = Math.Max(most, now);
                    done.Wait(10);
                }
            });
            watcher.Start();

            var r = _fx.Run($"Copy-RescaleItem $src $dst -Recurse -ThrottleLimit {limit} {_fx.Connection(proxy.Port)}", ("src", src), ("dst", _fx.Remote(remote)));
            done.Set();
            watcher.Join();

            Assert.True(!r.AllErrors.Any(), r.ToString());
            Assert.Equal(8, Directory.GetFiles(landed, "f*.bin").Length);
            Assert.Equal(limit, most);
        }
    }
}
