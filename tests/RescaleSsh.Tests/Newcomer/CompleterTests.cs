using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using RescaleSsh.Tests.AuthorizedKeys;
using RescaleSsh.Tests.Connections;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Newcomer
{
    /// <summary>
    /// Issue 9 item 11: Tab completes -Id and -Session (open sessions), -ComputerName (known_hosts names in clear and
    /// open sessions) and remote paths (over an open session, or a quick connection; bounded, never asking anything).
    /// Completion goes through PowerShell's own CommandCompletion, as Tab does.
    /// </summary>
    public sealed class CompleterTests : System.IDisposable
    {
        private readonly AuthorizedKeysTestBed _bed = new AuthorizedKeysTestBed();
        private readonly PowerShellSession _ps = new PowerShellSession();
        private readonly TempFolder _folder = new TempFolder();

        public CompleterTests()
        {
            foreach (string folder in new[] { "work", "world data" })
            {
                Directory.CreateDirectory(Path.Combine(_bed.Server.Home, folder));
                _bed.Server.GiveToUser(Path.Combine(_bed.Server.Home, folder));
            }
            File.WriteAllText(Path.Combine(_bed.Server.Home, "work", "results.csv"), "x");
            _bed.Server.GiveToUser(Path.Combine(_bed.Server.Home, "work"));
        }

        private string User => _bed.Server.UserName;
        private int Port => _bed.Server.Port;

        /// <summary>What Tab offers where <paramref name="line"/> has '|' (else at its end): the completion texts.</summary>
        private List<string> Complete(string line)
        {
            int cursor = line.IndexOf('|');
            if (cursor < 0) cursor = line.Length;
            else line = line.Remove(cursor, 1);
            using var ps = PowerShell.Create();
            ps.Runspace = _ps.Runspace;
            var completion = Task.Run(() => CommandCompletion.CompleteInput(line, cursor, null, ps));
            Assert.True(completion.Wait(System.TimeSpan.FromSeconds(60)), "completion did not return");
            return completion.Result.CompletionMatches.Select(m => m.CompletionText).ToList();
        }

        private void OpenSessions(int count)
        {
            for (int i = 0; i < count; i++)
            {
                var opened = _ps.Run($"$s{i + 1} = New-RescaleSession {_bed.Device()}");
                Assert.True(!opened.AllErrors.Any(), opened.ToString());
            }
        }

        [Fact]
        public void Id_and_Session_complete_to_the_open_sessions()
        {
            OpenSessions(2);

            Assert.Equal(new[] { "1", "2" }, Complete("Get-RescaleSession -Id "));
            Assert.Equal(new[] { "2" }, Complete("Remove-RescaleSession -Id 2"));
            Assert.Equal(new[] { "(Get-RescaleSession -Id 1)", "(Get-RescaleSession -Id 2)" }, Complete("Test-RescaleConnection -Session "));
            Assert.Equal(new[] { "(Get-RescaleSession -Id 1)", "(Get-RescaleSession -Id 2)" }, Complete("Copy-RescaleItem a.txt -ToSession "));
        }

        [Fact]
        public void ComputerName_completes_hosts_known_hosts_names_in_clear_and_open_sessions()
        {
            string kh = _folder.Combine("known_hosts");
            string key = File.ReadAllText(_bed.KnownHosts).Split('\n')[0].Split(' ', 2)[1];
            File.WriteAllLines(kh, new[]
            {
                "# comment",
                $"storage-a.example.com,10.54.7.67 {key}",
                $"[10.54.7.68]:2222 {key}",
                $"|1|F1E1KeoE/eEWhi10WpGv4OdiO6Y=|3988QV0VE8wmZL7suNrYQLITLCg= {key}",
                $"@revoked revoked.example.com {key}",
                $"*.wild.example.com {key}",
            });
            OpenSessions(1);

            var all = Complete($"Test-RescaleConnection -KnownHostsPath '{kh}' -ComputerName ");
            Assert.Equal(new[] { $"{User}@127.0.0.1:{Port}", "10.54.7.67", "10.54.7.68:2222", "storage-a.example.com" }, all);
            Assert.Equal(new[] { "udeprod.ttooPb@storage-a.example.com" }, Complete($"Test-RescaleConnection -KnownHostsPath '{kh}' udeprod.ttooPb@st"));
            Assert.Equal(new[] { "127.0.0.1" }, Complete("Get-RescaleSession -ComputerName 127"));
        }

        [Fact]
        public void A_remote_path_completes_over_an_open_session_to_that_device()
        {
            OpenSessions(1);

            Assert.Equal(new[] { $"{User}@127.0.0.1:work/", $"'{User}@127.0.0.1:world data/'" },
                Complete($"Copy-RescaleItem a.txt {User}@127.0.0.1:wo| -Port {Port}"));
            Assert.Equal(new[] { $"{User}@127.0.0.1:work/results.csv" }, Complete($"Copy-RescaleItem {User}@127.0.0.1:work/r| -Port {Port}"));
            Assert.Equal(new[] { "work/", "'world data/'" }, Complete("Copy-RescaleItem a.txt -ToSession $s1 -Destination wo"));
            Assert.Equal(new[] { "work/results.csv" }, Complete("Copy-RescaleItem -FromSession $s1 -Path work/"));
            Assert.Equal(new[] { $"sftp://{User}@127.0.0.1:{Port}/~/work/" }, Complete($"Copy-RescaleItem a.txt sftp://{User}@127.0.0.1:{Port}/~/work"));
        }

        [Fact]
        public void Without_a_session_a_quick_connection_lists_the_folder_and_records_nothing()
        {
            string kh = _folder.Combine("known_hosts");
            File.Copy(_bed.KnownHosts, kh);
            byte[] before = File.ReadAllBytes(kh);

            Assert.Equal(new[] { $"{User}@127.0.0.1:work/", $"'{User}@127.0.0.1:world data/'" },
                Complete($"Copy-RescaleItem a.txt {User}@127.0.0.1:wo| -Port {Port} -KeyFilePath '{_bed.LoginKey}' -KnownHostsPath '{kh}'"));
            Assert.Equal(before, File.ReadAllBytes(kh));
        }

        [Fact]
        public void An_unknown_host_or_a_silent_one_completes_nothing_and_asks_nothing()
        {
            string empty = _folder.Combine("known_hosts");
            using var silent = new NotSshServer(silent: true);

            Assert.Empty(Complete($"Copy-RescaleItem a.txt {User}@127.0.0.1:wo| -Port {Port} -KeyFilePath '{_bed.LoginKey}' -KnownHostsPath '{empty}'"));
            Assert.False(File.Exists(empty));
            Assert.Empty(Complete($"Copy-RescaleItem a.txt {User}@127.0.0.1:wo| -Port {silent.Port} -KeyFilePath '{_bed.LoginKey}' -KnownHostsPath '{empty}'"));
        }

        [Fact]
        public void A_local_path_is_left_to_PowerShell_file_completion()
        {
            // null (not an empty list) tells PowerShell to go on with its own file name completion.
            var completer = new Commands.RemotePathCompleter();
            Assert.Null(completer.CompleteArgument("Copy-RescaleItem", "Path", "./local-f", null, new System.Collections.Hashtable()));
            Assert.Null(completer.CompleteArgument("Copy-RescaleItem", "Destination", "C:\\Users\\me\\Down", null, new System.Collections.Hashtable()));
        }

        public void Dispose()
        {
            _ps.Dispose();
            _folder.Dispose();
            _bed.Dispose();
        }
    }
}
