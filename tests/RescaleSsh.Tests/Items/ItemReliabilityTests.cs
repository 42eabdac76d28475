using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using RescaleSsh.Tests.Infrastructure;
using RescaleSsh.Tests.Transfers;
using Xunit;

namespace RescaleSsh.Tests.Items
{
    /// <summary>Cut connections, Ctrl+C, links given directly, and output caps on standard error.</summary>
    public class ItemReliabilityTests : IClassFixture<TransferServer>
    {
        private readonly TransferServer _fx;

        public ItemReliabilityTests(TransferServer fx) => _fx = fx;

        private string Dev => $"{_fx.Server.UserName}@127.0.0.1";

        private string ManyFiles(int count)
        {
            string name = _fx.NewRemoteFolder("many");
            for (int i = 0; i < count; i++) File.WriteAllBytes(_fx.HomePath($"{name}/entry-with-a-longish-name-{i:D6}"), Array.Empty<byte>());
            _fx.Server.GiveToUser(_fx.HomePath(name));
            return name;
        }

        [Fact]
        public void A_listing_the_connection_cuts_midway_ends_with_ConnectionLost_not_a_short_list()
        {
            string folder = ManyFiles(5000);
            using var proxy = new FaultInjectingProxy(_fx.Server.Port) { CutAfterBytes = 150_000 };

            var result = _fx.Run($"Get-RescaleChildItem $dev $f {_fx.Connection(proxy.Port)}", ("dev", Dev), ("f", folder));

            Assert.True(proxy.ConnectionsCut > 0,
                $"the proxy never cut the connection ({proxy.TotalBytes} bytes passed; {result})");
            var error = Assert.Single(result.AllErrors);
            Assert.StartsWith("ConnectionLost,", error.FullyQualifiedErrorId);
            Assert.True(result.Output.Count < 5000, $"{result.Output.Count} entries");
        }

        [Fact]
        public void Breaking_out_of_the_pipeline_stops_a_big_listing_early_without_errors()
        {
            string folder = ManyFiles(3000);
            var result = _fx.Run($"$n = 0; do {{ Get-RescaleChildItem $dev $f {_fx.Connection()} | ForEach-Object {{ $_.Name; if (++$n -ge 3) {{ break }} }} }} while ($false); 'after'",
                ("dev", Dev), ("f", folder));
            Assert.Empty(result.AllErrors);
            Assert.Equal(new[] { "entry-with-a-longish-name-000000", "entry-with-a-longish-name-000001", "entry-with-a-longish-name-000002", "after" },
                result.Output.Select(o => (string)o.BaseObject));
        }

        [Fact]
        public void A_link_given_to_Remove_Rename_or_Move_is_changed_itself_and_its_target_is_untouched()
        {
            string f = _fx.NewRemoteFolder("lnk");
            string target = _fx.NewRemoteFolder("target");
            File.WriteAllText(_fx.HomePath(target + "/inside.txt"), "keep");
            _fx.Server.GiveToUser(_fx.HomePath(target));
            string link = _fx.HomePath(f + "/to-target");
            ExternalTool.Run("ln", "-s", _fx.HomePath(target), link).EnsureSuccess("ln");
            ExternalTool.Run("chown", "-h", _fx.Server.UserName + ":", link);
            string conn = _fx.Connection();

            var renamed = _fx.Run($"Rename-RescaleItem $dev -Path $f/to-target -NewName renamed-link {conn}", ("dev", Dev), ("f", f));
            Assert.Empty(renamed.AllErrors);
            Assert.True(new FileInfo(_fx.HomePath(f + "/renamed-link")).LinkTarget != null);
            Assert.True(Directory.Exists(_fx.HomePath(target)));

            var removed = _fx.Run($"Remove-RescaleItem $dev -Path $f/renamed-link -Recurse -Confirm:$false {conn}", ("dev", Dev), ("f", f));
            Assert.Empty(removed.AllErrors);
            Assert.False(File.Exists(_fx.HomePath(f + "/renamed-link")) || Directory.Exists(_fx.HomePath(f + "/renamed-link")));
            Assert.Equal("keep", File.ReadAllText(_fx.HomePath(target + "/inside.txt")));
        }

        [Fact]
        public void Piped_copy_follows_a_link_to_a_folder_with_Recurse_and_refuses_a_FIFO_as_NotAFile()
        {
            string f = _fx.NewRemoteFolder("odd");
            string target = _fx.NewRemoteFolder("linked");
            File.WriteAllText(_fx.HomePath(target + "/in.txt"), "in");
            _fx.Server.GiveToUser(_fx.HomePath(target));
            ExternalTool.Run("ln", "-s", _fx.HomePath(target), _fx.HomePath(f + "/dirlink")).EnsureSuccess("ln");
            ExternalTool.Run("mkfifo", _fx.HomePath(f + "/pipe")).EnsureSuccess("mkfifo");
            _fx.Server.GiveToUser(_fx.HomePath(f));
            using var local = new TempFolder();
            string conn = _fx.Connection();

            var result = _fx.Run($"Get-RescaleChildItem $dev $f {conn} | Copy-RescaleItem -Destination $out -Recurse {conn}", ("dev", Dev), ("f", f), ("out", local.Path));

            var error = Assert.Single(result.AllErrors);
            Assert.StartsWith("NotAFile,", error.FullyQualifiedErrorId);
            Assert.Contains("pipe", error.Exception.Message);
            Assert.Equal("in", File.ReadAllText(Path.Combine(local.Path, "dirlink", "in.txt")));
            Assert.False(File.Exists(Path.Combine(local.Path, "pipe")));
        }

        [Fact]
        public void Standard_error_is_capped_too_and_reading_stops_there()
        {
            var clock = Stopwatch.StartNew();
            var result = _fx.Run($"Invoke-RescaleCommand $dev -Command 'head -c 1000000000 /dev/zero | tr \"\\0\" e >&2' -MaximumOutputBytes 4096 {_fx.Connection()}", ("dev", Dev));
            clock.Stop();

            Assert.Empty(result.AllErrors);
            var r = result.Single<CommandResult>();
            Assert.True(r.OutputTruncated);
            Assert.Equal(4096, r.Error.Length);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"reading went on: {clock.Elapsed}");
        }

        [Fact]
        public void Ctrl_C_stops_a_running_command_at_once()
        {
            string marker = "rsh-stop-" + Guid.NewGuid().ToString("N").Substring(0, 8);
            _fx.RunAndStopWhen($"Invoke-RescaleCommand $dev -Command 'sleep 600 # {marker}' {_fx.Connection()}", new[] { ("dev", (object)Dev) },
                () => ExternalTool.Run("pgrep", "-u", _fx.Server.UserName, "-f", marker).ExitCode == 0);
        }

        [Fact]
        public void Stream_prefixes_lines_with_the_device_when_several_devices_are_addressed()
        {
            var result = _fx.Run($"Invoke-RescaleCommand $dev, $dev -Command 'echo hello' -Stream {_fx.Connection()}", ("dev", Dev));
            Assert.Empty(result.AllErrors);
            var lines = result.Output.Where(o => o.BaseObject is string).Select(o => (string)o.BaseObject).ToList();
            Assert.Equal(2, lines.Count);
            Assert.All(lines, l => Assert.Equal($"{Dev}:{_fx.Server.Port}: hello", l));
        }

        [Fact]
        public void Items_listed_through_a_session_copy_through_it_without_connection_parameters()
        {
            string f = _fx.NewRemoteFolder("sess");
            File.WriteAllText(_fx.HomePath(f + "/one.csv"), "1");
            _fx.Server.GiveToUser(_fx.HomePath(f));
            using var local = new TempFolder();

            var result = _fx.Run($"$s = New-RescaleSession $dev {_fx.Connection()}; Get-RescaleChildItem -Session $s -Path $f | Copy-RescaleItem -Destination $out -Verify; Remove-RescaleSession $s",
                ("dev", Dev), ("f", f), ("out", local.Path));

            Assert.Empty(result.AllErrors);
            var copied = result.Single<TransferResult>();
            Assert.NotNull(copied.Sha256);
            Assert.Equal("1", File.ReadAllText(Path.Combine(local.Path, "one.csv")));
        }
    }
}
