using System;
using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Connections
{
    public class StopTests
    {
        [Fact]
        public void Ctrl_C_stops_a_fleet_check_long_before_the_connect_timeout()
        {
            using var silent = new NotSshServer(silent: true);
            using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
            runspace.Open();
            using var ps = PowerShell.Create();
            ps.Runspace = runspace;
            ps.AddScript($"Import-Module '{ModuleUnderTest.ManifestPath}'; 1..6 | ForEach-Object {{ 'u@127.0.0.1:{silent.Port}' }} | Test-RescaleConnection -KeyFilePath /nonexistent -ConnectTimeout 120 -ThrottleLimit 3");
            var running = ps.BeginInvoke();
            Thread.Sleep(1500); // let the workers block in the SSH handshake
            var clock = Stopwatch.StartNew();
            ps.Stop();
            Assert.True(running.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(20)));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), clock.Elapsed.ToString());
            Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
        }
    }
}
