using System.IO;
using System.Linq;
using System.Management.Automation;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Hostile
{
    /// <summary>
    /// Copy-RescaleItem against a device that answers what a real sshd never does (<see cref="HostileServer"/>): read
    /// answers longer than asked, files that never end, names holding '/' or terminal control sequences. Nothing is
    /// written past a file's planned length, nothing escapes the destination, and nothing raw reaches the terminal.
    /// </summary>
    public class HostileDeviceTests : IClassFixture<PowerShellSession>
    {
        private readonly PowerShellSession _ps;

        public HostileDeviceTests(PowerShellSession ps)
        {
            _ps = ps;
        }

        private static bool HasControlCharacters(string text) => text.Any(c => c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f));

        [Fact]
        public void A_ranged_upload_fails_when_the_device_refuses_to_close_an_extra_channels_handle_and_nothing_gets_the_name()
        {
            // Each extra channel's close is sent when its lane is done and waited for after the first channel's: a refusal
            // (an error the file system reports only at close, as NFS may) must fail the copy, not be lost.
            using var device = new HostileServer("--refuse-close-of-reopened");
            using var local = new TempFolder();
            string source = Transfers.TransferServer.WriteRandomFile(local.Combine("big.bin"), 24L * 1024 * 1024 + 7, seed: 71);
            _ps.Hooks.UploadConnections = 4;
            try
            {
                var r = _ps.Run($"Copy-RescaleItem $src $dst -Verbose {device.Connection}", ("src", source), ("dst", HostileServer.Remote("/big.bin")));

                Assert.Contains(r.Verbose, line => line.Contains("in ranges over up to 4 SFTP channels", System.StringComparison.Ordinal));
                var error = Assert.Single(r.AllErrors);
                Assert.Equal("SftpError,RescaleSsh.Commands.CopyRescaleItemCommand", error.FullyQualifiedErrorId);
                Assert.Contains("close refused", error.Exception.Message, System.StringComparison.Ordinal);
                Assert.Empty(r.Output);
                Assert.False(File.Exists(Path.Combine(device.Root, "big.bin")));
            }
            finally
            {
                _ps.Hooks.UploadConnections = 0;
            }
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void A_read_answer_longer_than_asked_fails_the_file_with_SourceChanged(bool publicApiOnly)
        {
            using var device = new HostileServer("--overlong-reads", "1000");
            File.WriteAllBytes(Path.Combine(device.Root, "data.bin"), new byte[200_000]);
            using var local = new TempFolder();
            _ps.Hooks.PublicApiOnly = publicApiOnly;
            try
            {
                var r = _ps.Run($"Copy-RescaleItem $src $dst {device.Connection}", ("src", HostileServer.Remote("data.bin")), ("dst", local.Path));

                var error = Assert.Single(r.AllErrors);
                // SSH.NET's own reader (the fallback for a foreign SSH.NET) fails on such answers in its own way; the file fails either way.
                if (!publicApiOnly) Assert.Equal("SourceChanged,RescaleSsh.Commands.CopyRescaleItemCommand", error.FullyQualifiedErrorId);
                Assert.Empty(r.Output);
                Assert.Empty(Directory.EnumerateFileSystemEntries(local.Path));
            }
            finally
            {
                _ps.Hooks.PublicApiOnly = false;
            }
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void A_file_that_never_ends_fails_with_SourceChanged_at_its_planned_length(bool publicApiOnly)
        {
            using var device = new HostileServer("--endless-reads");
            File.WriteAllText(Path.Combine(device.Root, "small.log"), "ten bytes!");
            using var local = new TempFolder();
            _ps.Hooks.PublicApiOnly = publicApiOnly;
            try
            {
                var r = _ps.Run($"Copy-RescaleItem $src $dst {device.Connection}", ("src", HostileServer.Remote("small.log")), ("dst", local.Path));

                var error = Assert.Single(r.AllErrors);
                Assert.Equal("SourceChanged,RescaleSsh.Commands.CopyRescaleItemCommand", error.FullyQualifiedErrorId);
                Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
                Assert.Contains("10 bytes", error.Exception.Message);
                Assert.Empty(Directory.EnumerateFileSystemEntries(local.Path));
            }
            finally
            {
                _ps.Hooks.PublicApiOnly = false;
            }
        }

        [Fact]
        public void Names_with_control_characters_or_slashes_are_shown_escaped_and_never_leave_the_destination()
        {
            const string osc = "\u001b]0;pwned\u0007.txt";
            const string clear = "\u001b[2Jclear.txt";
            using var device = new HostileServer("--fake-name", osc, "--fake-name", "../escape.txt", "--fake-name", "a/b.txt");
            Directory.CreateDirectory(Path.Combine(device.Root, "box"));
            File.WriteAllText(Path.Combine(device.Root, "box", clear), "real file, odd name");
            using var local = new TempFolder();
            string destination = Path.Combine(local.Path, "inside");

            var r = _ps.Run($"Copy-RescaleItem $src $dst -Recurse -Verbose {device.Connection}", ("src", HostileServer.Remote("box")), ("dst", destination));

            var copied = Assert.Single(r.Output.Select(o => (TransferResult)o.BaseObject));
            Assert.Equal(HostileServer.Remote("box/" + clear), copied.Source);
            Assert.Equal("real file, odd name", File.ReadAllText(Path.Combine(destination, clear)));
            Assert.Equal(2, r.Errors.Count(e => e.FullyQualifiedErrorId.StartsWith("InvalidRemoteName,")));
            Assert.Contains(r.Errors, e => e.Exception.Message.Contains("\\x1B]0;pwned\\x07.txt"));
            Assert.Contains(r.Verbose, v => v.Contains("\\x1B[2Jclear.txt"));
            Assert.All(r.Errors.Select(e => e.Exception.Message).Concat(r.Warnings).Concat(r.Verbose), m => Assert.False(HasControlCharacters(m), m));
            Assert.False(File.Exists(Path.Combine(local.Path, "escape.txt")));
            Assert.Equal(new[] { clear }, Directory.GetFileSystemEntries(destination).Select(Path.GetFileName));
        }
    }
}
