using System;
using System.IO;
using System.Linq;
using System.Text;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.AuthorizedKeys
{
    /// <summary>Add-RescaleAuthorizedKey against a real sshd: OpenSSH accepts what it writes, idempotence, modes, -WhatIf.</summary>
    public class AddAuthorizedKeyTests : System.IDisposable
    {
        private readonly AuthorizedKeysTestBed _bed = new AuthorizedKeysTestBed();
        private readonly PowerShellSession _ps = new PowerShellSession();

        [Fact]
        public void After_Add_OpenSSH_logs_in_with_the_matching_private_key()
        {
            string key = _bed.NewKey("alice@laptop");

            var result = _ps.Run($"Add-RescaleAuthorizedKey {_bed.Device()} -PublicKeyPath '{key}.pub'");

            Assert.Empty(result.AllErrors);
            Assert.Equal("Added", result.Prop(0, "Status").ToString());
            Assert.Equal(AuthorizedKeysTestBed.Fingerprint(key), result.Prop(0, "Fingerprint"));
            Assert.Equal("alice@laptop", result.Prop(0, "Comment"));
            Assert.Equal("ssh-ed25519", result.Prop(0, "Algorithm"));
            Assert.Equal(_bed.Server.Port, result.Prop(0, "Port"));
            Assert.Equal(".ssh/authorized_keys", result.Prop(0, "AuthorizedKeysPath"));
            var ssh = _bed.Server.Ssh(key, _bed.KnownHosts, "echo logged-in");
            Assert.True(ssh.ExitCode == 0, ssh.StdErr + _bed.Server.ReadLog());
            Assert.Equal("logged-in", ssh.StdOut.Trim());
        }

        [Fact]
        public void Add_is_idempotent_when_the_key_is_present_with_another_comment_and_options()
        {
            string key = _bed.NewKey("bob@pc");
            string[] parts = AuthorizedKeysTestBed.PublicLine(key).Split(' ');
            _bed.Server.AuthorizeKey($"no-pty {parts[0]} {parts[1]} some other comment");
            byte[] before = _bed.ReadBytes();

            var result = _ps.Run($"Add-RescaleAuthorizedKey {_bed.Device()} -PublicKeyPath '{key}.pub'");

            Assert.Empty(result.AllErrors);
            Assert.Equal("AlreadyPresent", result.Prop(0, "Status").ToString());
            Assert.Equal(before, _bed.ReadBytes());
        }

        [Fact]
        public void Add_creates_the_ssh_folder_0700_and_the_file_0600_when_missing()
        {
            // A password login, so the device can have no authorized_keys at all.
            Directory.Delete(_bed.SshFolder, true);
            string key = _bed.NewKey("first");

            var result = _ps.Run(AuthorizedKeysTestBed.CredentialScript + $"Add-RescaleAuthorizedKey {_bed.PasswordDevice()} -PublicKeyPath '{key}.pub'",
                _bed.PasswordVariables);

            Assert.Empty(result.AllErrors);
            Assert.Equal("Added", result.Prop(0, "Status").ToString());
            Assert.Equal(0x1C0, AuthorizedKeysTestBed.Mode(_bed.SshFolder));
            Assert.Equal(0x180, AuthorizedKeysTestBed.Mode(_bed.AuthorizedKeysPath));
            Assert.Equal(AuthorizedKeysTestBed.PublicLine(key) + "\n", _bed.ReadText());
            Assert.Equal(0, _bed.Server.Ssh(key, _bed.KnownHosts, "true").ExitCode);
        }

        [Fact]
        public void Add_tightens_looser_modes_even_when_the_key_is_already_present()
        {
            byte[] before = _bed.ReadBytes();
            _bed.WriteAuthorizedKeys(before, fileMode: 0x1B6 /* 0666 */, folderMode: 0x1FF /* 0777 */);

            // sshd's StrictModes now ignores the file, so log in with the password to repair it.
            var result = _ps.Run(AuthorizedKeysTestBed.CredentialScript + $"Add-RescaleAuthorizedKey {_bed.PasswordDevice()} -PublicKey '{_bed.LoginPublicLine}'",
                _bed.PasswordVariables);

            Assert.Empty(result.AllErrors);
            Assert.Equal("AlreadyPresent", result.Prop(0, "Status").ToString());
            Assert.Equal(0, _bed.Server.Ssh(_bed.LoginKey, _bed.KnownHosts, "true").ExitCode);
            Assert.Equal(0x1C0, AuthorizedKeysTestBed.Mode(_bed.SshFolder));
            Assert.Equal(0x180, AuthorizedKeysTestBed.Mode(_bed.AuthorizedKeysPath));
            Assert.Equal(before, _bed.ReadBytes());
        }

        [Fact]
        public void Add_supplies_a_missing_final_newline_before_appending()
        {
            byte[] before = Encoding.UTF8.GetBytes("# no newline at the end\n" + _bed.LoginPublicLine);
            _bed.WriteAuthorizedKeys(before);
            string key = _bed.NewKey("carol");

            var result = _ps.Run($"Add-RescaleAuthorizedKey {_bed.Device()} -PublicKeyPath '{key}.pub'");

            Assert.Empty(result.AllErrors);
            Assert.Equal(Encoding.UTF8.GetString(before) + "\n" + AuthorizedKeysTestBed.PublicLine(key) + "\n", _bed.ReadText());
        }

        [Fact]
        public void WhatIf_reports_WouldAdd_and_leaves_bytes_and_modes_unchanged()
        {
            byte[] before = _bed.ReadBytes();
            _bed.WriteAuthorizedKeys(before, fileMode: 0x1A4 /* 0644 */, folderMode: 0x1ED /* 0755 */);
            string key = _bed.NewKey("dave");

            var result = _ps.Run($"Add-RescaleAuthorizedKey {_bed.Device()} -PublicKeyPath '{key}.pub' -WhatIf");

            Assert.Empty(result.AllErrors);
            Assert.Equal("WouldAdd", result.Prop(0, "Status").ToString());
            Assert.Equal(before, _bed.ReadBytes());
            Assert.Equal(0x1A4, AuthorizedKeysTestBed.Mode(_bed.AuthorizedKeysPath));
            Assert.Equal(0x1ED, AuthorizedKeysTestBed.Mode(_bed.SshFolder));
            Assert.Equal(new[] { "authorized_keys" }, Directory.GetFiles(_bed.SshFolder).Select(Path.GetFileName));
        }

        [Fact]
        public void A_pub_file_with_several_keys_crlf_and_bom_gives_one_result_per_key()
        {
            string a = _bed.NewKey("a"), b = _bed.NewKey("b", "ecdsa"), c = _bed.NewKey("c", "rsa");
            string file = Path.Combine(_bed.Server.ClientFolder, "team.pub");
            File.WriteAllText(file, "\uFEFF" + string.Join("\r\n", new[] { a, b, c }.Select(AuthorizedKeysTestBed.PublicLine)) + "\r\n", new UTF8Encoding(false));

            var result = _ps.Run($"Add-RescaleAuthorizedKey {_bed.Device()} -PublicKeyPath '{file}'");

            Assert.Empty(result.AllErrors);
            Assert.Equal(new[] { "Added", "Added", "Added" }, result.Output.Select(o => o.Properties["Status"].Value.ToString()));
            foreach (var key in new[] { a, b, c }) Assert.Equal(0, _bed.Server.Ssh(key, _bed.KnownHosts, "true").ExitCode);
        }

        [Fact]
        public void PublicKeyPath_wildcards_add_every_matching_file()
        {
            string folder = Path.Combine(_bed.Server.ClientFolder, "team");
            Directory.CreateDirectory(folder);
            string a = _bed.NewKey("team-a"), b = _bed.NewKey("team-b"), other = _bed.NewKey("not-team");
            File.Copy(a + ".pub", Path.Combine(folder, "team-a.pub"));
            File.Copy(b + ".pub", Path.Combine(folder, "team-b.pub"));
            File.Copy(other + ".pub", Path.Combine(folder, "other.pub"));

            var result = _ps.Run($"Add-RescaleAuthorizedKey {_bed.Device()} -PublicKeyPath '{folder}/team-*.pub'");

            Assert.Empty(result.AllErrors);
            Assert.Equal(new[] { "team-a", "team-b" }, result.Output.Select(o => o.Properties["Comment"].Value.ToString()).OrderBy(c => c));
            Assert.All(result.Output, o => Assert.Equal("Added", o.Properties["Status"].Value.ToString()));
            Assert.Equal(_bed.LoginPublicLine + "\n" + AuthorizedKeysTestBed.PublicLine(a) + "\n" + AuthorizedKeysTestBed.PublicLine(b) + "\n", _bed.ReadText());
        }

        [Fact]
        public void A_KeyPair_shaped_object_binds_its_PublicKey_property_from_the_pipeline()
        {
            string a = _bed.NewKey("piped-a"), b = _bed.NewKey("piped-b");

            var result = _ps.Run(
                $"$a, $b | ForEach-Object {{ [pscustomobject]@{{ PublicKey = $_; Fingerprint = 'x' }} }} | Add-RescaleAuthorizedKey {_bed.Device()}",
                ("a", AuthorizedKeysTestBed.PublicLine(a)), ("b", AuthorizedKeysTestBed.PublicLine(b)));

            Assert.Empty(result.AllErrors);
            Assert.Equal(new[] { "piped-a", "piped-b" }, result.Output.Select(o => o.Properties["Comment"].Value.ToString()).OrderBy(c => c));
            Assert.Contains(AuthorizedKeysTestBed.PublicLine(a) + "\n", _bed.ReadText());
            Assert.Contains(AuthorizedKeysTestBed.PublicLine(b) + "\n", _bed.ReadText());
        }

        [Fact]
        public void A_session_from_New_RescaleSession_works_as_the_device()
        {
            string key = _bed.NewKey("via-session");

            var result = _ps.Run($"$s = New-RescaleSession {_bed.Device()}; Add-RescaleAuthorizedKey -Session $s -PublicKeyPath '{key}.pub'; Remove-RescaleSession $s");

            Assert.Empty(result.AllErrors);
            Assert.Equal("Added", result.Output.Last().Properties["Status"].Value.ToString());
        }

        [Fact]
        public void Sessions_piped_in_bind_to_Session_and_are_used()
        {
            string key = _bed.NewKey("piped-session");

            var result = _ps.Run($"$s = New-RescaleSession {_bed.Device()}; $s | Add-RescaleAuthorizedKey -PublicKeyPath '{key}.pub'; $s | Get-RescaleAuthorizedKey -Comment piped-session; Remove-RescaleSession $s");

            Assert.Empty(result.AllErrors);
            Assert.Equal(2, result.Output.Count);
            Assert.Equal("Added", result.Output[0].Properties["Status"].Value.ToString());
            Assert.Equal("piped-session", result.Output[1].Properties["Comment"].Value.ToString());
        }

        [Fact]
        public void Options_written_before_the_key_are_installed_with_it_and_sshd_honours_them()
        {
            string key = _bed.NewKey("restricted");
            string line = "command=\"echo forced, with spaces\",no-pty " + AuthorizedKeysTestBed.PublicLine(key);

            var result = _ps.Run($"Add-RescaleAuthorizedKey {_bed.Device()} -PublicKey $k", ("k", line));

            Assert.Empty(result.AllErrors);
            Assert.Equal("Added", result.Prop(0, "Status").ToString());
            Assert.EndsWith("\n" + line + "\n", _bed.ReadText());
            Assert.Equal("forced, with spaces", _bed.Server.Ssh(key, _bed.KnownHosts, "echo not this").StdOut.Trim());
        }

        [Fact]
        public void A_folder_the_account_cannot_write_gives_PermissionDenied_and_changes_nothing()
        {
            ExternalTool.Run("chown", "root:", _bed.SshFolder).EnsureSuccess("chown");
            AuthorizedKeysTestBed.SetMode(_bed.SshFolder, 0x1ED); // 0755, root's: sshd still accepts it
            byte[] before = _bed.ReadBytes();
            string key = _bed.NewKey("denied");

            var result = _ps.Run($"Add-RescaleAuthorizedKey {_bed.Device()} -PublicKeyPath '{key}.pub'");

            var error = Assert.Single(result.AllErrors);
            Assert.StartsWith("PermissionDenied,", error.FullyQualifiedErrorId);
            Assert.Equal(System.Management.Automation.ErrorCategory.PermissionDenied, error.CategoryInfo.Category);
            Assert.Contains(_bed.Server.Port.ToString(), error.TargetObject.ToString());
            Assert.Equal(before, _bed.ReadBytes());
            Assert.Equal(new[] { "authorized_keys" }, Directory.GetFiles(_bed.SshFolder).Select(Path.GetFileName));
        }

        public void Dispose()
        {
            _ps.Dispose();
            _bed.Dispose();
        }
    }
}
