using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading.Tasks;
using RescaleSsh.Tests.Infrastructure;
using RescaleSsh.Transfers;
using Xunit;

namespace RescaleSsh.Tests.Transfers
{
    public class TransferProgressTests : IClassFixture<TransferServer>
    {
        private readonly TransferServer _fx;

        public TransferProgressTests(TransferServer fx)
        {
            _fx = fx;
        }

        private (PSDataCollection<ProgressRecord> Progress, int Output, int Errors, TimeSpan Took) RunWithProgress(string preference, string src, string dst)
        {
            using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
            runspace.Open();
            using var ps = PowerShell.Create();
            ps.Runspace = runspace;
            runspace.SessionStateProxy.SetVariable("src", src);
            runspace.SessionStateProxy.SetVariable("dst", dst);
            ps.AddScript($"Import-Module '{ModuleUnderTest.ManifestPath}'; $ProgressPreference = '{preference}'; Copy-RescaleItem $src $dst -Recurse {_fx.Connection()}");
            var clock = Stopwatch.StartNew();
            var output = ps.Invoke();
            return (ps.Streams.Progress, output.Count, ps.Streams.Error.Count, clock.Elapsed);
        }

        private string MakeFiles(TempFolder local)
        {
            string src = Path.Combine(local.Path, "src");
            TransferServer.WriteRandomFile(Path.Combine(src, "one.bin"), 20L * 1024 * 1024, seed: 1);
            TransferServer.WriteRandomFile(Path.Combine(src, "two.bin"), 20L * 1024 * 1024, seed: 2);
            File.WriteAllText(Path.Combine(src, "three.txt"), "three");
            return src;
        }

        [Fact]
        public void Progress_shows_files_bytes_and_rate_a_few_times_a_second_at_most_and_completes()
        {
            using var local = new TempFolder();
            string src = MakeFiles(local);
            string remote = _fx.NewRemoteFolder();

            var run = RunWithProgress("Continue", src, _fx.Remote(remote));

            Assert.Equal(0, run.Errors);
            Assert.Equal(3, run.Output);
            var records = run.Progress.ToList();
            Assert.NotEmpty(records);
            int allowed = (int)(run.Took.TotalSeconds / TransferProgress.Interval.TotalSeconds) + 3;
            Assert.InRange(records.Count, 1, allowed);
            Assert.Equal(ProgressRecordType.Completed, records.Last().RecordType);
            Assert.Contains("3 of 3 files", records.Last().StatusDescription);
            Assert.All(records, r => Assert.Matches(@"\d+ of 3 files, .+ of 40\.0 MB, .+/s", r.StatusDescription));
        }

        [Fact]
        public void With_progress_silenced_no_progress_record_is_written()
        {
            using var local = new TempFolder();
            string src = MakeFiles(local);
            string remote = _fx.NewRemoteFolder();

            var run = RunWithProgress("SilentlyContinue", src, _fx.Remote(remote));

            Assert.Equal(3, run.Output);
            Assert.Empty(run.Progress);
        }

        [Fact]
        public void Updates_are_due_at_most_once_per_interval_whatever_the_number_of_callers()
        {
            var progress = new TransferProgress(10, 1000);
            int due = 0;
            var clock = Stopwatch.StartNew();
            Parallel.For(0, 200_000, _ =>
            {
                if (progress.UpdateDue()) System.Threading.Interlocked.Increment(ref due);
            });
            double intervals = clock.Elapsed.TotalMilliseconds / TransferProgress.Interval.TotalMilliseconds;
            Assert.InRange(due, 1, (int)Math.Ceiling(intervals) + 1);
        }

        [Fact]
        public void Rate_and_time_left_come_from_the_bytes_moved()
        {
            var progress = new TransferProgress(2, 2000);
            Assert.Equal(-1, progress.SecondsRemaining);
            progress.AlreadyThere(1000);
            Assert.Equal(50, progress.PercentComplete);
            Assert.Equal(0, progress.BytesPerSecond);
            progress.Moved(500);
            Assert.True(progress.BytesPerSecond > 0);
            Assert.True(progress.SecondsRemaining >= 0);
            progress.FileDone(0);
            Assert.StartsWith("1 of 2 files, 1.5 KB of 2.0 KB", progress.Status);
        }
    }
}
