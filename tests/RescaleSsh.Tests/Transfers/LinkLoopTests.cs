using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Transfers
{
    /// <summary>
    /// -Recurse through link loops: two links to the folder itself made the walk visit 2^depth paths (no output after a
    /// minute, memory growing). Each loop is now skipped with one warning and the rest copied; and whatever the walk
    /// cannot see, -MaxEntries bounds what one plan may look at. Every run here is bounded in time.
    /// </summary>
    public class LinkLoopTests : IClassFixture<TransferServer>
    {
        private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
        private readonly TransferServer _fx;

        public LinkLoopTests(TransferServer fx)
        {
            _fx = fx;
        }

        /// <summary>Runs a script, stopping it if it has not finished within <see cref="Bound"/>.</summary>
        private ScriptResult RunBounded(string script, params (string Name, object Value)[] variables)
        {
            using var ps = PowerShell.Create();
            ps.Runspace = _fx.PowerShell.Runspace;
            foreach (var (name, value) in variables) ps.Runspace.SessionStateProxy.SetVariable(name, value);
            ps.AddScript(script);
            var running = ps.BeginInvoke();
            bool finished = running.AsyncWaitHandle.WaitOne(Bound);
            if (!finished) ps.Stop();
            Assert.True(finished, $"the copy did not finish within {Bound.TotalSeconds} s");
            ErrorRecord terminating = null;
            var output = new System.Collections.Generic.List<PSObject>();
            try
            {
                output.AddRange(ps.EndInvoke(running));
            }
            catch (RuntimeException ex)
            {
                terminating = ex.ErrorRecord;
            }
            return new ScriptResult
            {
                Output = output,
                Terminating = terminating,
                Errors = ps.Streams.Error.ToList(),
                Warnings = ps.Streams.Warning.Select(w => w.Message).ToList(),
                Verbose = ps.Streams.Verbose.Select(v => v.Message).ToList(),
            };
        }

        /// <summary>tree/ with a.txt, sub/b.txt and two links to tree itself (one at the top, one in sub).</summary>
        private static void LoopingTree(string tree)
        {
            Directory.CreateDirectory(Path.Combine(tree, "sub"));
            File.WriteAllText(Path.Combine(tree, "a.txt"), "a");
            File.WriteAllText(Path.Combine(tree, "sub", "b.txt"), "b");
            Directory.CreateSymbolicLink(Path.Combine(tree, "again"), ".");
            Directory.CreateSymbolicLink(Path.Combine(tree, "sub", "up"), "..");
        }

        [Fact]
        public void Links_back_to_a_folder_being_copied_are_skipped_with_one_warning_each_on_download()
        {
            using var local = new TempFolder();
            string remote = _fx.NewRemoteFolder();
            LoopingTree(Path.Combine(_fx.HomePath(remote), "tree"));
            _fx.Server.GiveToUser(_fx.HomePath(remote));

            var r = RunBounded($"Copy-RescaleItem $src $dst -Recurse {_fx.Connection()}", ("src", _fx.Remote(remote + "/tree")), ("dst", Path.Combine(local.Path, "copy")));

            Assert.True(!r.AllErrors.Any(), r.ToString());
            Assert.Equal(2, r.Output.Count);
            Assert.Equal("b", File.ReadAllText(Path.Combine(local.Path, "copy", "sub", "b.txt")));
            Assert.Equal(2, r.Warnings.Count);
            Assert.Contains(r.Warnings, w => w.Contains("/tree/again'") && w.Contains("link loop"));
            Assert.Contains(r.Warnings, w => w.Contains("/tree/sub/up'") && w.Contains("link loop"));
            Assert.False(Directory.Exists(Path.Combine(local.Path, "copy", "again")));
        }

        [Fact]
        public void Links_back_to_a_folder_being_copied_are_skipped_with_one_warning_each_on_upload()
        {
            using var local = new TempFolder();
            string tree = Path.Combine(local.Path, "tree");
            LoopingTree(tree);
            string remote = _fx.NewRemoteFolder();

            var r = RunBounded($"Copy-RescaleItem $src $dst -Recurse {_fx.Connection()}", ("src", tree), ("dst", _fx.Remote(remote)));

            Assert.True(!r.AllErrors.Any(), r.ToString());
            Assert.Equal(2, r.Output.Count);
            Assert.Equal("b", File.ReadAllText(Path.Combine(_fx.HomePath(remote), "tree", "sub", "b.txt")));
            Assert.Equal(2, r.Warnings.Count);
            Assert.All(r.Warnings, w => Assert.Contains("link loop", w));
        }

        [Fact]
        public void MaxEntries_stops_a_plan_that_looks_at_more_before_anything_is_copied()
        {
            using var local = new TempFolder();
            string tree = Path.Combine(local.Path, "many");
            Directory.CreateDirectory(tree);
            for (int i = 0; i < 30; i++) File.WriteAllText(Path.Combine(tree, $"f{i:00}.txt"), "x");
            string remote = _fx.NewRemoteFolder();

            var r = RunBounded($"Copy-RescaleItem $src $dst -Recurse -MaxEntries 20 {_fx.Connection()}", ("src", tree), ("dst", _fx.Remote(remote)));
            Assert.Empty(Directory.EnumerateFileSystemEntries(_fx.HomePath(remote)));
            var within = RunBounded($"Copy-RescaleItem $src $dst -Recurse -MaxEntries 31 {_fx.Connection()}", ("src", tree), ("dst", _fx.Remote(remote + "/ok")));

            var error = Assert.Single(r.AllErrors);
            Assert.Equal("TooManyEntries,RescaleSsh.Commands.CopyRescaleItemCommand", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.LimitsExceeded, error.CategoryInfo.Category);
            Assert.Contains("-MaxEntries", error.Exception.Message);
            Assert.Empty(r.Output);
            Assert.True(!within.AllErrors.Any(), within.ToString());
            Assert.Equal(30, within.Output.Count);
        }
    }
}
