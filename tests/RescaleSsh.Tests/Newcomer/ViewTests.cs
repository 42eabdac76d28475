using System.Collections.Generic;
using System.IO;
using System.Linq;
using RescaleSsh.Tests.AuthorizedKeys;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Newcomer
{
    /// <summary>
    /// Issue 9 item 9: every table view read at 80 columns (a default console) and at 120, with objects the cmdlets
    /// really made: the columns that say which row is which (file name, comment, device, status) are readable at 80,
    /// the fingerprints whole at 120, long paths only in the list views; no line is wider than the console, and no
    /// header is squeezed into one letter per line.
    /// </summary>
    public sealed class ViewTests : System.IDisposable
    {
        private readonly AuthorizedKeysTestBed _bed = new AuthorizedKeysTestBed(devices: 1);
        private readonly HostedSession _ps = new HostedSession();
        private readonly TempFolder _local = new TempFolder();
        private readonly string _deep;

        public ViewTests()
        {
            _deep = _local.Combine("a-rather-long-folder-name", "with", "several", "levels", "of", "nesting");
            Directory.CreateDirectory(_deep);
        }

        private string DeviceText => $"{_bed.Server.UserName}@127.0.0.1:{_bed.Server.Port}";

        /// <summary>The lines of a table rendered at <paramref name="width"/>, checked for the layout rules every view keeps.</summary>
        private List<string> Table(string objects, int width, params string[] labels)
        {
            string text = _ps.Text($"{objects} | Out-String -Width {width}", ("k", _bed.LoginKey), ("kh", _bed.KnownHosts), ("deep", _deep));
            var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).SkipWhile(string.IsNullOrWhiteSpace).ToList();
            while (lines.Count > 0 && string.IsNullOrWhiteSpace(lines[^1])) lines.RemoveAt(lines.Count - 1);
            Assert.All(lines, l => Assert.True(l.Length <= width, $"wider than {width}: '{l}'\n{text}"));
            // A column PowerShell squeezes below its label wraps the label; two header lines at most (never one letter per line).
            int dashes = lines.FindIndex(l => l.Trim().Length > 0 && l.Trim().All(c => c == '-' || c == ' '));
            Assert.True(dashes >= 1 && dashes <= 2, $"the header takes {dashes} lines:\n{text}");
            var header = lines[0].Split(' ', System.StringSplitOptions.RemoveEmptyEntries);
            foreach (string label in labels) Assert.True(header.Contains(label), $"header has no whole '{label}' at {width}:\n{text}");
            return lines;
        }

        private static void Shows(IEnumerable<string> lines, string value) =>
            Assert.True(lines.SkipWhile(l => !l.TrimStart().StartsWith("--", System.StringComparison.Ordinal)).Skip(1).Any(l => l.Contains(value)),
                $"'{value}' is not visible in:\n{string.Join("\n", lines)}");

        [Fact]
        public void KeyPair_shows_file_name_type_and_comment_at_80_and_the_fingerprint_at_120()
        {
            var made = _ps.Run("$kp = New-RescaleKeyPair -Path ([System.IO.Path]::Combine($deep, 'rescale_ed25519')) -Algorithm Ed25519 -Comment 'udeprod.ttooPb@WS-ENG-0042'; $kp.Fingerprint",
                ("deep", _deep));
            Assert.True(!made.AllErrors.Any(), made.ToString());
            string fingerprint = (string)made.Output.Single().BaseObject;

            var at80 = Table("$kp", 80, "Name", "Type", "Comment", "Fingerprint");
            Shows(at80, "rescale_ed25519");
            Shows(at80, "Ed25519");
            Shows(at80, "udeprod.ttooPb@WS-ENG-0042");
            Assert.DoesNotContain(at80, l => l.Contains("a-rather-long-folder-name"));
            Shows(Table("$kp", 120, "Name", "Type", "Comment", "Fingerprint", "Encrypted"), fingerprint);
            Assert.Contains(Path.Combine(_deep, "rescale_ed25519"), _ps.Text("$kp | Format-List | Out-String -Width 200"));
        }

        [Fact]
        public void TransferResult_shows_file_name_device_and_status_at_80()
        {
            File.WriteAllText(Path.Combine(_deep, "results-2024-01-01.csv"), "a,b\n1,2\n");
            var copied = _ps.Run($"$tr = Copy-RescaleItem ([System.IO.Path]::Combine($deep, 'results-2024-01-01.csv')) '{_bed.Server.UserName}@127.0.0.1:' -Port {_bed.Server.Port} -KeyFilePath $k -KnownHostsPath $kh",
                ("deep", _deep), ("k", _bed.LoginKey), ("kh", _bed.KnownHosts));
            Assert.True(!copied.AllErrors.Any(), copied.ToString());

            var at80 = Table("$tr", 80, "Name", "Device", "Direction", "Status", "Size");
            Shows(at80, "results-2024-01-01.csv");
            Shows(at80, $"{_bed.Server.UserName}@127.0.0.1");
            Shows(at80, "Copied");
            Shows(at80, "Upload");
            Assert.DoesNotContain(at80, l => l.Contains("a-rather-long-folder-name"));
            Table("$tr", 120, "Name", "Device", "Direction", "Status", "Size", "MB/s");
            Assert.Contains(Path.Combine(_deep, "results-2024-01-01.csv"), _ps.Text("$tr | Format-List | Out-String -Width 200"));
        }

        [Fact]
        public void AuthorizedKey_and_AuthorizedKeyResult_show_device_comment_and_status_at_80_and_the_fingerprint_at_120()
        {
            string key = _bed.NewKey("alice@laptop");
            string fingerprint = AuthorizedKeysTestBed.Fingerprint(key);
            var added = _ps.Run($"$ar = Add-RescaleAuthorizedKey {_bed.Device()} -PublicKeyPath '{key}.pub'; $ak = Get-RescaleAuthorizedKey {_bed.Device()}");
            Assert.True(!added.AllErrors.Any(), added.ToString());

            var keys80 = Table("$ak", 80, "Device", "Line", "Comment", "Fingerprint");
            Shows(keys80, DeviceText);
            Shows(keys80, "login@test");
            Shows(keys80, "alice@laptop");
            Shows(Table("$ak", 120, "Device", "Line", "Comment", "Fingerprint", "Type"), fingerprint);

            var result80 = Table("$ar", 80, "Device", "Status", "Comment", "Fingerprint");
            Shows(result80, DeviceText);
            Shows(result80, "Added");
            Shows(result80, "alice@laptop");
            Shows(Table("$ar", 120, "Device", "Status", "Comment", "Fingerprint"), fingerprint);
        }

        [Fact]
        public void ConnectionTest_shows_device_health_and_why_a_device_is_down_at_80()
        {
            int dead = SshServer.FreePort();
            var tested = _ps.Run($"$ct = Test-RescaleConnection '{DeviceText}', '{_bed.Server.UserName}@127.0.0.1:{dead}' -KeyFilePath $k -KnownHostsPath $kh",
                ("k", _bed.LoginKey), ("kh", _bed.KnownHosts));
            Assert.True(!tested.AllErrors.Any(), tested.ToString());

            var at80 = Table("$ct", 80, "Device", "Reachable", "Authenticated", "HostKey", "Error");
            Shows(at80, DeviceText);
            Shows(at80, $"{_bed.Server.UserName}@127.0.0.1:{dead}");
            Shows(at80, "True");
            Shows(at80, "Nothing accepts");
            var at120 = Table("$ct", 120, "Device", "Reachable", "Authenticated", "HostKey", "Error");
            Shows(at120, "Nothing accepts connections at 127.0.0.1");
            string list = _ps.Text("$ct | Format-List | Out-String -Width 300");
            Assert.Contains(_bed.Server.HostKeyFingerprint, list);
            Assert.Contains("Check that the device is running", list);
        }

        [Fact]
        public void Session_shows_id_device_and_state_at_80_and_the_host_key_at_120()
        {
            var opened = _ps.Run($"$se = New-RescaleSession {_bed.Device()}");
            Assert.True(!opened.AllErrors.Any(), opened.ToString());

            var at80 = Table("$se", 80, "Id", "Device", "State", "HostKeyFingerprint");
            Shows(at80, DeviceText);
            Shows(at80, "Opened");
            Shows(Table("$se", 120, "Id", "Device", "State", "HostKeyFingerprint"), _bed.Server.HostKeyFingerprint);
        }

        [Fact]
        public void Control_characters_from_a_device_are_shown_not_sent_to_the_terminal()
        {
            string key = _bed.NewKey("evil");
            string[] parts = AuthorizedKeysTestBed.PublicLine(key).Split(' ');
            _bed.Server.AuthorizeKey($"{parts[0]} {parts[1]} evil\u001b]0;pwned\u0007title");
            var listed = _ps.Run($"$ak = Get-RescaleAuthorizedKey {_bed.Device()}");
            Assert.True(!listed.AllErrors.Any(), listed.ToString());

            string table = _ps.Text("$ak | Out-String -Width 120");
            string list = _ps.Text("$ak | Format-List | Out-String -Width 200");

            Assert.DoesNotContain('\u001b', table);
            Assert.DoesNotContain('\u001b', list);
            Assert.Contains("evil\\x1B]0;pwned\\x07title", list);
        }

        public void Dispose()
        {
            _ps.Dispose();
            _local.Dispose();
            _bed.Dispose();
        }
    }
}
