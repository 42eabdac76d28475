using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Transfers
{
    /// <summary>
    /// -ThrottleLimit 1 lets one worker run: the small files' lanes hold it until they are told no more files will
    /// come, so a large file planned after them must not wait for that worker before they are told (the command hung).
    /// </summary>
    public class TransferThrottleLimitOneTests : IClassFixture<TransferServer>
    {
        private readonly TransferServer _fx;

        public TransferThrottleLimitOneTests(TransferServer fx)
        {
            _fx = fx;
        }

        [Theory]
        [InlineData("upload")]
        [InlineData("download")]
        public void Small_files_then_a_large_one_with_ThrottleLimit_1_all_arrive(string direction)
        {
            using var local = new TempFolder();
            string remote = _fx.NewRemoteFolder();
            string source = direction == "upload" ? local.Combine("src") : _fx.HomePath(Path.Combine(remote, "src"));
            Directory.CreateDirectory(source);
            for (int i = 0; i < 3; i++) File.WriteAllText(Path.Combine(source, $"a{i}.txt"), "small " + i);
            TransferServer.WriteRandomFile(Path.Combine(source, "z-large.bin"), 6 * 1024 * 1024, seed: 71);
            _fx.Server.GiveToUser(_fx.HomePath(remote));
            string target = direction == "upload" ? _fx.HomePath(Path.Combine(remote, "dst")) : local.Combine("dst");
            object from = direction == "upload" ? source : _fx.Remote(remote + "/src");
            object to = direction == "upload" ? _fx.Remote(remote + "/dst") : target;

            using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
            runspace.Open();
            using var ps = PowerShell.Create();
            ps.Runspace = runspace;
            runspace.SessionStateProxy.SetVariable("src", from);
            runspace.SessionStateProxy.SetVariable("dst", to);
            ps.AddScript($"Import-Module '{ModuleUnderTest.ManifestPath}' -ErrorAction Stop; Copy-RescaleItem $src $dst -Recurse -ThrottleLimit 1 {_fx.Connection()}");
            var running = ps.BeginInvoke();
            bool ended = running.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(60));
            if (!ended) ps.Stop();

            Assert.True(ended, "Copy-RescaleItem -ThrottleLimit 1 did not end within 60 s");
            var output = ps.EndInvoke(running);
            Assert.Empty(ps.Streams.Error);
            Assert.Equal(4, output.Count);
            Assert.Equal("small 2", File.ReadAllText(Path.Combine(target, "a2.txt")));
            Assert.Equal(TransferServer.Sha256(Path.Combine(source, "z-large.bin")), TransferServer.Sha256(Path.Combine(target, "z-large.bin")));
        }
    }
}
