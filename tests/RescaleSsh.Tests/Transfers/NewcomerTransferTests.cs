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
    /// What a newcomer meets first with Copy-RescaleItem, each as the exact command they ran: a trailing '/' means a
    /// folder, a wildcard under a mistyped folder says so, -Update -WhatIf lists only what the run would do, -Verbose
    /// says what was copied or skipped and why, and messages name the user's paths, never the temporary ones.
    /// </summary>
    public class NewcomerTransferTests : IClassFixture<TransferServer>
    {
        private readonly TransferServer _fx;

        public NewcomerTransferTests(TransferServer fx)
        {
            _fx = fx;
        }

        [Fact]
        public void A_trailing_slash_on_the_device_means_a_folder_created_for_the_file()
        {
            using var local = new TempFolder();
            string file = Path.Combine(local.Path, "f.txt");
            File.WriteAllText(file, "f");
            string remote = _fx.NewRemoteFolder();

            var r = _fx.Run($"Copy-RescaleItem $src $dst {_fx.Connection()}", ("src", file), ("dst", _fx.Remote(remote + "/newfolder/")));

            Assert.True(!r.AllErrors.Any(), r.ToString());
            Assert.True(Directory.Exists(Path.Combine(_fx.HomePath(remote), "newfolder")));
            Assert.Equal("f", File.ReadAllText(Path.Combine(_fx.HomePath(remote), "newfolder", "f.txt")));
        }

        [Fact]
        public void A_trailing_slash_on_this_computer_means_a_folder_created_for_the_download()
        {
            using var local = new TempFolder();
            string remote = _fx.NewRemoteFolder();
            File.WriteAllText(Path.Combine(_fx.HomePath(remote), "f.txt"), "f");
            _fx.Server.GiveToUser(_fx.HomePath(remote));

            var r = _fx.Run($"Copy-RescaleItem $src $dst {_fx.Connection()}", ("src", _fx.Remote(remote + "/f.txt")), ("dst", Path.Combine(local.Path, "newdir") + "/"));

            Assert.True(!r.AllErrors.Any(), r.ToString());
            Assert.Equal("f", File.ReadAllText(Path.Combine(local.Path, "newdir", "f.txt")));
        }

        [Fact]
        public void A_trailing_slash_on_an_existing_file_is_refused_and_changes_nothing()
        {
            using var local = new TempFolder();
            string file = Path.Combine(local.Path, "f.txt");
            File.WriteAllText(file, "new");
            string remote = _fx.NewRemoteFolder();
            File.WriteAllText(Path.Combine(_fx.HomePath(remote), "existing"), "old");
            _fx.Server.GiveToUser(_fx.HomePath(remote));

            var r = _fx.Run($"Copy-RescaleItem $src $dst {_fx.Connection()}", ("src", file), ("dst", _fx.Remote(remote + "/existing/")));

            Assert.Equal("DestinationNotAFolder,RescaleSsh.Commands.CopyRescaleItemCommand", Assert.Single(r.AllErrors).FullyQualifiedErrorId);
            Assert.Equal("old", File.ReadAllText(Path.Combine(_fx.HomePath(remote), "existing")));
        }

        [Fact]
        public void A_wildcard_under_a_mistyped_remote_folder_is_PathNotFound_naming_the_folder()
        {
            using var local = new TempFolder();
            string remote = _fx.NewRemoteFolder();
            Directory.CreateDirectory(Path.Combine(_fx.HomePath(remote), "results"));
            File.WriteAllText(Path.Combine(_fx.HomePath(remote), "results", "a.csv"), "a");
            _fx.Server.GiveToUser(_fx.HomePath(remote));

            var r = _fx.Run($"Copy-RescaleItem $src $dst {_fx.Connection()}", ("src", _fx.Remote(remote + "/resluts/*.csv")), ("dst", local.Path));
            var fine = _fx.Run($"Copy-RescaleItem $src $dst {_fx.Connection()}", ("src", _fx.Remote(remote + "/results/*.nothing")), ("dst", local.Path));

            var error = Assert.Single(r.AllErrors);
            Assert.Equal("PathNotFound,RescaleSsh.Commands.CopyRescaleItemCommand", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
            Assert.Contains($"'{_fx.Remote(remote + "/resluts")}'", error.Exception.Message);
            Assert.Empty(r.Output);
            Assert.Empty(fine.AllErrors);
        }

        [Fact]
        public void Update_WhatIf_announces_only_what_the_run_would_copy()
        {
            using var local = new TempFolder();
            string src = Path.Combine(local.Path, "src");
            Directory.CreateDirectory(Path.Combine(src, "inner"));
            File.WriteAllText(Path.Combine(src, "same.txt"), "same");
            File.WriteAllText(Path.Combine(src, "inner", "changed.txt"), "v1");
            string remote = _fx.NewRemoteFolder();
            var first = _fx.Run($"Copy-RescaleItem $src $dst -Recurse {_fx.Connection()}", ("src", src), ("dst", _fx.Remote(remote)));
            Assert.Empty(first.AllErrors);

            var unchanged = WhatIfLines($"Copy-RescaleItem $src $dst -Recurse -Update -WhatIf {_fx.Connection()}", src, _fx.Remote(remote));
            File.WriteAllText(Path.Combine(src, "inner", "changed.txt"), "v2 longer");
            var oneChanged = WhatIfLines($"Copy-RescaleItem $src $dst -Recurse -Update -WhatIf {_fx.Connection()}", src, _fx.Remote(remote));

            Assert.Empty(unchanged);
            var line = Assert.Single(oneChanged);
            Assert.Contains("\"Copy File\"", line);
            Assert.Contains("changed.txt", line);
            Assert.Equal("v1", File.ReadAllText(Path.Combine(_fx.HomePath(remote), "src", "inner", "changed.txt")));
        }

        /// <summary>The "What if:" lines a script prints, in a runspace whose host records its console.</summary>
        private static string[] WhatIfLines(string script, string src, string dst)
        {
            var host = new RecordingHost();
            using var runspace = RunspaceFactory.CreateRunspace(host, InitialSessionState.CreateDefault2());
            runspace.Open();
            using var ps = PowerShell.Create();
            ps.Runspace = runspace;
            runspace.SessionStateProxy.SetVariable("src", src);
            runspace.SessionStateProxy.SetVariable("dst", dst);
            ps.AddScript($"Import-Module '{ModuleUnderTest.ManifestPath}' -ErrorAction Stop; {script}");
            var output = ps.Invoke();
            Assert.False(ps.HadErrors, string.Join("; ", ps.Streams.Error.Select(e => e.ToString())));
            Assert.Empty(output);
            return host.Lines.Where(l => l.StartsWith("What if:", StringComparison.Ordinal)).ToArray();
        }

        [Fact]
        public void Verbose_says_which_files_were_copied_and_which_skipped_and_why()
        {
            using var local = new TempFolder();
            string src = Path.Combine(local.Path, "src");
            Directory.CreateDirectory(src);
            File.WriteAllText(Path.Combine(src, "same.txt"), "same");
            File.WriteAllText(Path.Combine(src, "changed.txt"), "v1");
            string remote = _fx.NewRemoteFolder();
            string script = $"Copy-RescaleItem ($src + '/*') $dst -Update -Verbose {_fx.Connection()}";
            _fx.Run(script, ("src", src), ("dst", _fx.Remote(remote)));
            File.WriteAllText(Path.Combine(src, "changed.txt"), "v2 longer");

            var r = _fx.Run(script, ("src", src), ("dst", _fx.Remote(remote)));

            Assert.Empty(r.AllErrors);
            Assert.Contains(r.Verbose, v => v.StartsWith("Copied '" + Path.Combine(src, "changed.txt") + "'", StringComparison.Ordinal) && v.Contains("9 bytes"));
            Assert.Contains(r.Verbose, v => v.StartsWith("Skipped '" + Path.Combine(src, "same.txt") + "'", StringComparison.Ordinal) && v.Contains("same size and modification time"));
            Assert.Contains(r.Verbose, v => v.StartsWith("Planned 1 file(s)", StringComparison.Ordinal) && v.Contains("1 file(s) up to date"));
        }

        [Fact]
        public void Messages_name_the_users_paths_never_the_temporary_ones()
        {
            using var local = new TempFolder();
            string file = Path.Combine(local.Path, "dir");
            File.WriteAllText(file, "d");
            string remote = _fx.NewRemoteFolder();
            File.WriteAllText(Path.Combine(_fx.HomePath(remote), "f.txt"), "f");
            _fx.Server.GiveToUser(_fx.HomePath(remote));

            var up = _fx.Run($"Copy-RescaleItem $src $dst {_fx.Connection()}", ("src", file), ("dst", _fx.Remote(remote + "/nosuch/dir")));
            var down = _fx.Run($"Copy-RescaleItem $src $dst {_fx.Connection()}", ("src", _fx.Remote(remote + "/f.txt")), ("dst", Path.Combine(local.Path, "nosuch", "f.txt")));

            var upError = Assert.Single(up.AllErrors);
            var downError = Assert.Single(down.AllErrors);
            Assert.Equal("PathNotFound,RescaleSsh.Commands.CopyRescaleItemCommand", upError.FullyQualifiedErrorId);
            Assert.Equal("PathNotFound,RescaleSsh.Commands.CopyRescaleItemCommand", downError.FullyQualifiedErrorId);
            Assert.DoesNotContain(".rsh-part", upError.Exception.Message);
            Assert.DoesNotContain(".rsh-part", downError.Exception.Message);
        }
    }
}
