using System;
using System.Linq;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.AuthorizedKeys
{
    /// <summary>A fleet from CSV-shaped objects through the shared fan-out: one result per device, a dead device is its own error.</summary>
    public class FleetTests : IDisposable
    {
        private const int Live = 24;
        private readonly AuthorizedKeysTestBed _bed = new AuthorizedKeysTestBed(Live);
        private readonly PowerShellSession _ps = new PowerShellSession();

        [Fact]
        public void Twenty_five_devices_with_one_down_give_24_Added_then_24_AlreadyPresent_and_one_error_naming_the_dead_device()
        {
            int dead = SshServer.FreePort();
            var ports = _bed.Server.Ports.Take(12).Append(dead).Concat(_bed.Server.Ports.Skip(12)).ToArray();
            string key = _bed.NewKey("alice@fleet");
            // One account serves every port here, so each "device" keeps its keys in its own file (a CSV column binds it).
            string script =
                "$devices = foreach ($p in $ports) { [pscustomobject]@{ ServerIP = '127.0.0.1'; HostId = $user; Port = $p; AuthorizedKeysPath = \".ssh/device_$p\" } }; " +
                $"$devices | Add-RescaleAuthorizedKey -PublicKeyPath '{key}.pub' {_bed.Connection} -ThrottleLimit 8 -ConnectTimeout 60";

            var first = _ps.Run(script, ("ports", ports), ("user", _bed.Server.UserName));
            var second = _ps.Run(script, ("ports", ports), ("user", _bed.Server.UserName));

            foreach (var (run, status) in new[] { (first, "Added"), (second, "AlreadyPresent") })
            {
                Assert.Null(run.Terminating);
                Assert.True(run.Output.Count == Live && run.Errors.Count == 1, run.ToString());
                Assert.All(run.Output, o => Assert.Equal(status, o.Properties["Status"].Value.ToString()));
                Assert.Equal(_bed.Server.Ports.OrderBy(p => p), run.Output.Select(o => (int)o.Properties["Port"].Value).OrderBy(p => p));
                var error = Assert.Single(run.Errors);
                Assert.StartsWith("ConnectionRefused,", error.FullyQualifiedErrorId);
                Assert.Contains($"127.0.0.1:{dead}", error.Exception.Message);
                Assert.Contains($"127.0.0.1:{dead}", error.TargetObject.ToString());
            }
            foreach (int port in _bed.Server.Ports)
            {
                Assert.Equal(AuthorizedKeysTestBed.PublicLine(key) + "\n", System.IO.File.ReadAllText(System.IO.Path.Combine(_bed.SshFolder, "device_" + port)));
            }
        }

        public void Dispose()
        {
            _ps.Dispose();
            _bed.Dispose();
        }
    }
}
