using System;
using System.IO;
using System.Linq;
using System.Threading;
using RescaleSsh.Tests.Infrastructure;
using RescaleSsh.Transfers;
using Xunit;

namespace RescaleSsh.Tests.Transfers
{
    /// <summary>
    /// Fresh small uploads go through one driver with many files in flight and no thread per file (issue 14). A file
    /// whose step fails there is copied again the usual way, so what a user sees is what the usual path gives: a cut
    /// connection is ConnectionLost for each file not done, and nothing ever has a final name with partial content.
    /// </summary>
    public class SmallUploadTests : IClassFixture<TransferServer>
    {
        private readonly TransferServer _fx;

        public SmallUploadTests(TransferServer fx)
        {
            _fx = fx;
        }

        private static string[] SmallFiles(TempFolder local, int count)
        {
            string src = local.Combine("src");
            Directory.CreateDirectory(src);
            return Enumerable.Range(0, count).Select(i =>
            {
                string file = TransferServer.WriteRandomFile(Path.Combine(src, $"f{i:D3}.bin"), 3000 + i * 37, seed: 500 + i);
                File.SetLastWriteTimeUtc(file, TransferServer.OldTime.AddMinutes(i));
                return file;
            }).ToArray();
        }

        [Fact]
        public void A_connection_cut_while_small_files_are_in_flight_is_ConnectionLost_for_each_file_not_done_and_no_final_name_holds_part_of_a_file()
        {
            using var proxy = DelayProxy.ForRoundTrip(_fx.Server.Port, 10);
            using var local = new TempFolder();
            var files = SmallFiles(local, 200);
            string remote = _fx.NewRemoteFolder();
            int started = 0;
            _fx.PowerShell.Hooks.BeforeCopy = _ =>
            {
                if (Interlocked.Increment(ref started) == 60) proxy.AbortAll();
            };
            try
            {
                var r = _fx.Run($"Copy-RescaleItem -Path $src -Destination $dst -Recurse {_fx.Connection(proxy.Port)}", ("src", local.Combine("src") + "/*"), ("dst", _fx.Remote(remote + "/")));

                Assert.Null(r.Terminating);
                Assert.NotEmpty(r.Errors);
                Assert.All(r.ErrorIds, id => Assert.StartsWith("ConnectionLost,", id));
                Assert.True(files.Length == r.Output.Count + r.Errors.Count, $"outputs {r.Output.Count} errors {r.Errors.Count} ids {string.Join(";", r.ErrorIds.Distinct())} verbose {string.Join("\n", r.Verbose.Take(20))}");
                Assert.Equal(files.Length, r.Output.Select(o => (string)o.Properties["Source"].Value).Concat(r.Errors.Select(e => (string)e.TargetObject)).Distinct().Count());
                foreach (var file in files)
                {
                    string arrived = _fx.HomePath(Path.Combine(remote, Path.GetFileName(file)));
                    if (File.Exists(arrived)) Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(arrived));
                }
                foreach (var output in r.Output)
                {
                    string arrived = _fx.HomePath(Path.Combine(remote, Path.GetFileName((string)output.Properties["Source"].Value)));
                    Assert.Equal(TransferServer.OldTime.AddMinutes(Array.IndexOf(files, (string)output.Properties["Source"].Value)), File.GetLastWriteTimeUtc(arrived));
                }
            }
            finally
            {
                _fx.PowerShell.Hooks.BeforeCopy = null;
            }
        }

        [Fact]
        public void A_small_file_whose_temporary_name_is_held_goes_by_another_name_while_the_rest_arrive_as_usual()
        {
            using var local = new TempFolder();
            var files = SmallFiles(local, 40);
            string remote = _fx.NewRemoteFolder();
            string held = _fx.HomePath(Path.Combine(remote, ".f007.bin.rsh-part"));
            Directory.CreateDirectory(Path.Combine(held, "inside"));
            _fx.Server.GiveToUser(_fx.HomePath(remote));

            var r = _fx.Run($"Copy-RescaleItem -Path $src -Destination $dst -Recurse -Verbose {_fx.Connection()}", ("src", local.Combine("src") + "/*"), ("dst", _fx.Remote(remote + "/")));

            Assert.Empty(r.AllErrors);
            Assert.Equal(files.Length, r.Output.Count);
            Assert.All(r.Output, o => Assert.Equal("Copied", o.Properties["Status"].Value.ToString()));
            Assert.True(r.Verbose.Any(line => line.StartsWith("A temporary file left beside ", StringComparison.Ordinal)), string.Join("\n", r.Verbose.Where(l => !l.StartsWith("Copied", StringComparison.Ordinal))));
            Assert.Contains(r.Verbose, line => line.StartsWith("A temporary file left beside ", StringComparison.Ordinal) && line.Contains("f007.bin", StringComparison.Ordinal));
            for (int i = 0; i < files.Length; i++)
            {
                string arrived = _fx.HomePath(Path.Combine(remote, Path.GetFileName(files[i])));
                Assert.Equal(File.ReadAllBytes(files[i]), File.ReadAllBytes(arrived));
                Assert.Equal(TransferServer.OldTime.AddMinutes(i), File.GetLastWriteTimeUtc(arrived));
            }
            Assert.True(Directory.Exists(Path.Combine(held, "inside")));
            Assert.Equal(new[] { held }, Directory.EnumerateFileSystemEntries(_fx.HomePath(remote), ".*"));
        }

        [Fact]
        public void Ctrl_C_while_small_files_are_in_flight_stops_promptly_and_no_final_name_holds_part_of_a_file()
        {
            using var local = new TempFolder();
            var files = SmallFiles(local, 300);
            string remote = _fx.NewRemoteFolder();
            using var proxy = new StallingProxy(_fx.Server.Port) { StallAfterBytes = 400 * 1024 };

            _fx.RunAndStopWhen($"Copy-RescaleItem -Path $src -Destination $dst -Recurse {_fx.Connection(proxy.Port)}",
                new (string, object)[] { ("src", local.Combine("src") + "/*"), ("dst", _fx.Remote(remote + "/")) },
                () => proxy.BytesUpstream >= proxy.StallAfterBytes);

            int whole = 0;
            foreach (var file in files)
            {
                string arrived = _fx.HomePath(Path.Combine(remote, Path.GetFileName(file)));
                if (!File.Exists(arrived)) continue;
                Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(arrived));
                whole++;
            }
            Assert.InRange(whole, 0, files.Length - 1);
        }
    }
}
