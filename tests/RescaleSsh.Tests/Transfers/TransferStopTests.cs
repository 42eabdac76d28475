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

        private static bool PollUntil(Func<bool> condition, TimeSpan limit)
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < limit)
            {
                if (condition()) return true;
                Thread.Sleep(20);
            }
            return condition();
        }

        [Fact]
        public void Ctrl_C_during_a_stalled_upload_stops_promptly_and_leaves_no_file_under_the_final_name()
        {
            using var local = new TempFolder();
            string file = TransferServer.WriteRandomFile(Path.Combine(local.Path, "stalled.bin"), 20L * 1024 * 1024, seed: 21);
            string remote = _fx.NewRemoteFolder();
            string partial = Path.Combine(_fx.HomePath(remote), ".stalled.bin.rsh-part");
            using var proxy = new StallingProxy(_fx.Server.Port) { StallAfterBytes = 4L * 1024 * 1024 };

            var state = InitialSessionState.CreateDefault2();
            using var runspace = RunspaceFactory.CreateRunspace(state);
            runspace.Open();
            using (var import = PowerShell.Create())
            {
                import.Runspace = runspace;
                import.AddScript($"Import-Module '{ModuleUnderTest.ManifestPath}' -ErrorAction Stop").Invoke();
            }
            using var ps = PowerShell.Create();
            ps.Runspace = runspace;
            runspace.SessionStateProxy.SetVariable("src", file);
            runspace.SessionStateProxy.SetVariable("dst", _fx.Remote(remote));
            ps.AddScript($"Copy-RescaleItem $src $dst {_fx.Connection(proxy.Port)}");
            var running = ps.BeginInvoke();

            Assert.True(PollUntil(() => File.Exists(partial) && proxy.BytesUpstream >= proxy.StallAfterBytes, TimeSpan.FromSeconds(30)),
                "the upload never reached the stall point");
            var clock = Stopwatch.StartNew();
            ps.Stop();
            Assert.True(running.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(10)), "Copy-RescaleItem did not stop within 10 s");
            clock.Stop();

            Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
            Assert.False(File.Exists(Path.Combine(_fx.HomePath(remote), "stalled.bin")));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
        }
    }
}
