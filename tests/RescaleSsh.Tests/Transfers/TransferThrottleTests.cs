using System.IO;
using System.Linq;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Transfers
{
    /// <summary>
    /// -ThrottleLimit: how many files are in flight at once, seen on the device as the temporary ".name.rsh-part"
    /// files that exist together while the link is stalled (a stalled link holds every started file open).
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
            for (int i = 0; i < 8; i++) TransferServer.WriteRandomFile(Path.Combine(src, $"f{i}.bin"), 6L * 1024 * 1024, seed: i);
            string remote = _fx.NewRemoteFolder();
            string landed = Path.Combine(_fx.HomePath(remote), "many");
            int InFlight() => Directory.Exists(landed) ? Directory.GetFiles(landed, ".*.rsh-part").Length : 0;
            using var proxy = new StallingProxy(_fx.Server.Port) { StallAfterBytes = 2L * 1024 * 1024 };
            int most = 0;

            _fx.RunAndStopWhen($"Copy-RescaleItem $src $dst -Recurse -ThrottleLimit {limit} {_fx.Connection(proxy.Port)}",
                new (string, object)[] { ("src", src), ("dst", _fx.Remote(remote)) },
                () =>
                {
                    most = System.Math.Max(most, InFlight());
                    return proxy.BytesUpstream >= proxy.StallAfterBytes && most >= limit;
                });

            Assert.Equal(limit, most);
            Assert.Equal(limit, InFlight());
            Assert.Empty(Directory.GetFiles(landed, "f*.bin"));
        }
    }
}
