using System;
using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using System.Threading.Tasks;
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
            // Wait (bounded) until the three workers are blocked in the SSH handshake with the silent server.
            var waiting = Stopwatch.StartNew();
            while (silent.Accepted < 3 && waiting.Elapsed < TimeSpan.FromSeconds(30)) Thread.Sleep(20);
            Assert.True(silent.Accepted >= 3, $"only {silent.Accepted} connection(s) reached the silent server");
            Assert.Equal(PSInvocationState.Running, ps.InvocationStateInfo.State);
            var clock = Stopwatch.StartNew();
            ps.Stop();
            Assert.True(running.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(20)));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), clock.Elapsed.ToString());
            Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
        }
    }

    [CollectionDefinition(nameof(StopUnderLoadTests), DisableParallelization = true)]
    public class StopUnderLoadCollection { }

    /// <summary>Blocks the process's thread pool on purpose, so it runs alone.</summary>
    [Collection(nameof(StopUnderLoadTests))]
    public class StopUnderLoadTests
    {
        [Fact]
        public void Ctrl_C_stops_promptly_even_when_the_thread_pool_is_starved()
        {
            using var silent = new NotSshServer(silent: true);
            using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
            runspace.Open();
            using var ps = PowerShell.Create();
            ps.Runspace = runspace;
            ps.AddScript($"Import-Module '{ModuleUnderTest.ManifestPath}'; 1..3 | ForEach-Object {{ 'u@127.0.0.1:{silent.Port}' }} | Test-RescaleConnection -KeyFilePath /nonexistent -ConnectTimeout 120");
            var running = ps.BeginInvoke();
            var waiting = Stopwatch.StartNew();
            while (silent.Accepted < 3 && waiting.Elapsed < TimeSpan.FromSeconds(30)) Thread.Sleep(20);
            Assert.True(silent.Accepted >= 3, $"only {silent.Accepted} connection(s) reached the silent server");

            // Every pool thread busy, as when many workers block in SSH handshakes: the pool grows by about one
            // thread per half second, so anything Stop leaves to the pool waits for all of these first.
            using var release = new ManualResetEventSlim();
            var blockers = new Task[Environment.ProcessorCount * 4 + 64];
            for (int i = 0; i < blockers.Length; i++) blockers[i] = Task.Run(() => release.Wait(TimeSpan.FromSeconds(120)));
            try
            {
                var clock = Stopwatch.StartNew();
                ps.Stop();
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), clock.Elapsed.ToString());
                Assert.True(running.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(15)));
                Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
            }
            finally
            {
                release.Set();
                Task.WaitAll(blockers, TimeSpan.FromSeconds(60));
            }
        }
    }
}
