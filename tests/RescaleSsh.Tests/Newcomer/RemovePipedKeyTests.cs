using System.IO;
using System.Linq;
using System.Management.Automation;
using RescaleSsh.Tests.AuthorizedKeys;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Newcomer
{
    /// <summary>
    /// Issue 9 item 1: README's and the help's <c>Get-RescaleAuthorizedKey … | Remove-RescaleAuthorizedKey</c>, as a new
    /// user types it: default keys in ~/.ssh (HOME is the test's), no -KeyFilePath, nothing but -Confirm:$false. These
    /// tests put keys into the redirected HOME's .ssh folder, so they run alone (DefaultKeySearchTests' collection).
    /// </summary>
    [Collection(nameof(Connections.DefaultKeySearchTests))]
    public sealed class RemovePipedKeyTests : System.IDisposable
    {
        private readonly AuthorizedKeysTestBed _bed = new AuthorizedKeysTestBed();
        private readonly PowerShellSession _ps = new PowerShellSession();

        public RemovePipedKeyTests()
        {
            // The bed's login key becomes the user's default key, and the device is trusted in the default known_hosts.
            Directory.CreateDirectory(SshFolder);
            File.Copy(_bed.LoginKey, Path.Combine(SshFolder, "id_ed25519"), overwrite: true);
            File.Copy(_bed.KnownHosts, Path.Combine(SshFolder, "known_hosts"), overwrite: true);
        }

        private static string SshFolder => Path.Combine(ModuleUnderTest.FakeHome, ".ssh");

        private string Device => $"{_bed.Server.UserName}@127.0.0.1:{_bed.Server.Port}";

        private string Install(string comment)
        {
            string key = _bed.NewKey(comment);
            _bed.Server.AuthorizeKey(AuthorizedKeysTestBed.PublicLine(key));
            return key;
        }

        [Fact]
        public void Get_piped_to_Remove_with_default_keys_removes_keys_whose_comments_have_an_at_sign_or_none()
        {
            Install("me@laptop");
            Install("build-server");
            string keep = Install("keep@desk");

            var result = _ps.Run($"Get-RescaleAuthorizedKey '{Device}' -Comment 'me@laptop', 'build-server' | Remove-RescaleAuthorizedKey -Confirm:$false");

            Assert.True(!result.AllErrors.Any(), result.ToString());
            Assert.Equal(new[] { "build-server", "me@laptop" }, result.Output.Select(o => (string)o.Properties["Comment"].Value).OrderBy(c => c));
            Assert.All(result.Output, o => Assert.Equal("Removed", o.Properties["Status"].Value.ToString()));
            Assert.Equal(_bed.LoginPublicLine + "\n" + AuthorizedKeysTestBed.PublicLine(keep) + "\n", _bed.ReadText());
        }

        [Fact]
        public void A_key_listed_through_a_session_is_removed_through_that_session()
        {
            Install("old laptop");

            var result = _ps.Run($"$s = New-RescaleSession '{Device}'; " +
                                 "Get-RescaleAuthorizedKey -Session $s -Comment 'old laptop' | Remove-RescaleAuthorizedKey -Confirm:$false");

            Assert.True(!result.AllErrors.Any(), result.ToString());
            Assert.Equal("Removed", Assert.Single(result.Output, o => o.BaseObject is AuthorizedKeyResult).Properties["Status"].Value.ToString());
            Assert.Equal(_bed.LoginPublicLine + "\n", _bed.ReadText());
        }

        [Fact]
        public void The_piped_key_carries_its_session_and_Remove_uses_it_not_a_new_connection()
        {
            Install("old laptop");
            byte[] before = null;

            var listed = _ps.Run($"$s = New-RescaleSession '{Device}'; $k = Get-RescaleAuthorizedKey -Session $s -Comment 'old laptop'; " +
                                 "[object]::ReferenceEquals($k.Session, $s); Remove-RescaleSession $s");
            Assert.True(!listed.AllErrors.Any(), listed.ToString());
            Assert.Equal(true, listed.Output.Single(o => o.BaseObject is bool).BaseObject);
            before = _bed.ReadBytes();

            var result = _ps.Run("$k | Remove-RescaleAuthorizedKey -Confirm:$false");

            Assert.Empty(result.Output);
            Assert.StartsWith("SessionClosed,", Assert.Single(result.AllErrors).FullyQualifiedErrorId);
            Assert.Equal(before, _bed.ReadBytes());
        }

        [Fact]
        public void Csv_rows_with_a_Fingerprint_column_bind_their_device_columns()
        {
            string key = Install("contractor@acme");
            var row = new PSObject();
            row.Properties.Add(new PSNoteProperty("ServerIP", "127.0.0.1"));
            row.Properties.Add(new PSNoteProperty("HostId", _bed.Server.UserName));
            row.Properties.Add(new PSNoteProperty("Port", _bed.Server.Port.ToString()));
            row.Properties.Add(new PSNoteProperty("Fingerprint", AuthorizedKeysTestBed.Fingerprint(key)));

            var result = _ps.Run("$row | Remove-RescaleAuthorizedKey -Confirm:$false", ("row", row));

            Assert.True(!result.AllErrors.Any(), result.ToString());
            Assert.Equal("Removed", Assert.Single(result.Output).Properties["Status"].Value.ToString());
            Assert.Equal(_bed.LoginPublicLine + "\n", _bed.ReadText());
        }

        [Fact]
        public void A_key_read_from_a_local_file_names_no_device_and_is_refused_clearly()
        {
            string file = Path.Combine(_bed.Server.ClientFolder, "local_authorized_keys");
            File.WriteAllText(file, AuthorizedKeysTestBed.PublicLine(_bed.NewKey("local@pc")) + "\n");

            var result = _ps.Run($"Get-RescaleAuthorizedKey -Path '{file}' | Remove-RescaleAuthorizedKey -Confirm:$false");

            Assert.Empty(result.Output);
            var error = Assert.Single(result.AllErrors);
            Assert.StartsWith("DeviceInvalid,", error.FullyQualifiedErrorId);
            Assert.Contains("-ComputerName", error.Exception.Message);
        }

        public void Dispose()
        {
            _ps.Dispose();
            _bed.Dispose();
            if (Directory.Exists(SshFolder)) Directory.Delete(SshFolder, recursive: true);
        }
    }
}
