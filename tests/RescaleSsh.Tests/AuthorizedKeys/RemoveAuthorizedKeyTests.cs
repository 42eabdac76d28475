using System.IO;
using System.Linq;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.AuthorizedKeys
{
    /// <summary>Remove-RescaleAuthorizedKey: by fingerprint, public key, comment wildcard and from Get output; no lock-out; -WhatIf.</summary>
    public class RemoveAuthorizedKeyTests : System.IDisposable
    {
        private readonly AuthorizedKeysTestBed _bed = new AuthorizedKeysTestBed();
        private readonly PowerShellSession _ps = new PowerShellSession();

        private string Install(string comment)
        {
            string key = _bed.NewKey(comment);
            _bed.Server.AuthorizeKey(AuthorizedKeysTestBed.PublicLine(key));
            return key;
        }

        [Fact]
        public void Remove_by_fingerprint_revokes_the_key_for_OpenSSH()
        {
            string key = Install("revoked@pc");
            Assert.Equal(0, _bed.Server.Ssh(key, _bed.KnownHosts, "true").ExitCode);
            string before = _bed.ReadText();

            var result = _ps.Run($"Remove-RescaleAuthorizedKey {_bed.Device()} -Fingerprint '{AuthorizedKeysTestBed.Fingerprint(key)}' -Confirm:$false");

            Assert.Empty(result.AllErrors);
            Assert.Equal("Removed", result.Prop(0, "Status").ToString());
            Assert.Equal("revoked@pc", result.Prop(0, "Comment"));
            Assert.Equal(before.Replace(AuthorizedKeysTestBed.PublicLine(key) + "\n", ""), _bed.ReadText());
            Assert.NotEqual(0, _bed.Server.Ssh(key, _bed.KnownHosts, "true").ExitCode);
        }

        [Fact]
        public void Remove_by_public_key_removes_every_line_of_that_key_whatever_the_comment()
        {
            string key = Install("twice");
            string[] parts = AuthorizedKeysTestBed.PublicLine(key).Split(' ');
            _bed.Server.AuthorizeKey($"no-pty {parts[0]} {parts[1]} second copy");

            var result = _ps.Run($"Remove-RescaleAuthorizedKey {_bed.Device()} -PublicKey $k -Confirm:$false", ("k", File.ReadAllText(key + ".pub")));

            Assert.Empty(result.AllErrors);
            Assert.Equal("Removed", Assert.Single(result.Output).Properties["Status"].Value.ToString());
            Assert.DoesNotContain(parts[1], _bed.ReadText());
            Assert.Contains(_bed.LoginPublicLine, _bed.ReadText());
        }

        [Fact]
        public void Remove_by_comment_wildcard_removes_the_matching_keys_only()
        {
            Install("contractor-1@acme");
            Install("contractor-2@acme");
            string keep = Install("employee@home");

            var result = _ps.Run($"Remove-RescaleAuthorizedKey {_bed.Device()} -Comment 'contractor-*' -Confirm:$false");

            Assert.Empty(result.AllErrors);
            Assert.Equal(new[] { "contractor-1@acme", "contractor-2@acme" }, result.Output.Select(o => o.Properties["Comment"].Value));
            Assert.Equal(_bed.LoginPublicLine + "\n" + AuthorizedKeysTestBed.PublicLine(keep) + "\n", _bed.ReadText());
        }

        [Fact]
        public void Get_output_piped_to_Remove_removes_exactly_the_listed_keys()
        {
            Install("old-laptop");
            string keep = Install("new-laptop");

            var result = _ps.Run(
                $"Get-RescaleAuthorizedKey {_bed.Device()} -Comment 'old-*' | Remove-RescaleAuthorizedKey {_bed.Connection} -Confirm:$false");

            Assert.Empty(result.AllErrors);
            Assert.Equal("old-laptop", Assert.Single(result.Output).Properties["Comment"].Value);
            Assert.Equal(_bed.LoginPublicLine + "\n" + AuthorizedKeysTestBed.PublicLine(keep) + "\n", _bed.ReadText());
        }

        [Fact]
        public void Remove_refuses_the_key_the_connection_logged_in_with_unless_Force()
        {
            string other = Install("other");
            byte[] before = _bed.ReadBytes();

            var refused = _ps.Run($"Remove-RescaleAuthorizedKey {_bed.Device()} -Comment '*' -Confirm:$false");

            var error = Assert.Single(refused.AllErrors);
            Assert.StartsWith("LoginKeyProtected,", error.FullyQualifiedErrorId);
            Assert.Contains(AuthorizedKeysTestBed.Fingerprint(_bed.LoginKey), error.Exception.Message);
            // The other key matched too and was removed; the login key stays.
            Assert.Equal("other", Assert.Single(refused.Output).Properties["Comment"].Value);
            Assert.Equal(_bed.LoginPublicLine + "\n", _bed.ReadText());
            Assert.Equal(0, _bed.Server.Ssh(_bed.LoginKey, _bed.KnownHosts, "true").ExitCode);

            var forced = _ps.Run($"Remove-RescaleAuthorizedKey {_bed.Device()} -Fingerprint '{AuthorizedKeysTestBed.Fingerprint(_bed.LoginKey)}' -Force -Confirm:$false");

            Assert.Empty(forced.AllErrors);
            Assert.Equal("Removed", forced.Prop(0, "Status").ToString());
            Assert.Equal("", _bed.ReadText());
        }

        [Fact]
        public void WhatIf_reports_WouldRemove_and_leaves_bytes_and_modes_unchanged()
        {
            string key = Install("keep-me");
            byte[] before = _bed.ReadBytes();
            int fileMode = AuthorizedKeysTestBed.Mode(_bed.AuthorizedKeysPath), folderMode = AuthorizedKeysTestBed.Mode(_bed.SshFolder);

            var result = _ps.Run($"Remove-RescaleAuthorizedKey {_bed.Device()} -Fingerprint '{AuthorizedKeysTestBed.Fingerprint(key)}' -WhatIf");

            Assert.Empty(result.AllErrors);
            Assert.Equal("WouldRemove", result.Prop(0, "Status").ToString());
            Assert.Equal(before, _bed.ReadBytes());
            Assert.Equal(fileMode, AuthorizedKeysTestBed.Mode(_bed.AuthorizedKeysPath));
            Assert.Equal(folderMode, AuthorizedKeysTestBed.Mode(_bed.SshFolder));
            Assert.Equal(new[] { "authorized_keys" }, Directory.GetFiles(_bed.SshFolder).Select(Path.GetFileName));
        }

        [Fact]
        public void A_key_that_is_not_there_is_NotPresent_and_the_file_is_not_rewritten()
        {
            byte[] before = _bed.ReadBytes();
            var stamp = File.GetLastWriteTimeUtc(_bed.AuthorizedKeysPath);

            var result = _ps.Run($"Remove-RescaleAuthorizedKey {_bed.Device()} -Fingerprint 'SHA256:doesnotexist' -Confirm:$false");

            Assert.Empty(result.AllErrors);
            Assert.Equal("NotPresent", result.Prop(0, "Status").ToString());
            Assert.Equal("SHA256:doesnotexist", result.Prop(0, "Fingerprint"));
            Assert.Equal(before, _bed.ReadBytes());
            Assert.Equal(stamp, File.GetLastWriteTimeUtc(_bed.AuthorizedKeysPath));
        }

        [Fact]
        public void Remove_declares_ConfirmImpact_High_and_Add_does_not()
        {
            var result = _ps.Run("foreach ($c in 'Remove-RescaleAuthorizedKey', 'Add-RescaleAuthorizedKey') { " +
                                 "(Get-Command $c).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact.ToString() }");

            Assert.Empty(result.AllErrors);
            Assert.Equal(new[] { "High", "Medium" }, result.Output.Select(o => o.ToString()));
        }

        [Fact]
        public void Remove_without_a_key_selector_is_an_InvalidArgument_error()
        {
            var result = _ps.Run($"Remove-RescaleAuthorizedKey {_bed.Device()} -Confirm:$false");
            Assert.StartsWith("NoKeySelected,", Assert.Single(result.AllErrors).FullyQualifiedErrorId);
        }

        public void Dispose()
        {
            _ps.Dispose();
            _bed.Dispose();
        }
    }
}
