using System.IO;
using System.Linq;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.AuthorizedKeys
{
    /// <summary>
    /// Add- and Remove-RescaleAuthorizedKey -Verbose say what they did to authorized_keys on each device (folder created,
    /// modes set, key added or removed, file replaced), or why nothing changed, each line naming the device.
    /// </summary>
    public class AuthorizedKeyNarrationTests : System.IDisposable
    {
        private readonly AuthorizedKeysTestBed _bed = new AuthorizedKeysTestBed();
        private readonly PowerShellSession _ps = new PowerShellSession();

        private string DevicePrefix => $"{_bed.Server.UserName}@127.0.0.1:{_bed.Server.Port}: ";

        [Fact]
        public void Add_narrates_creating_the_folder_and_file_and_then_why_a_second_run_changes_nothing()
        {
            Directory.Delete(_bed.SshFolder, true);
            string key = _bed.NewKey("first@laptop");
            string add = AuthorizedKeysTestBed.CredentialScript + $"Add-RescaleAuthorizedKey {_bed.PasswordDevice()} -PublicKeyPath '{key}.pub' -Verbose";

            var first = _ps.Run(add, _bed.PasswordVariables);

            Assert.Empty(first.AllErrors);
            var ours = first.Verbose.Where(v => v.StartsWith(DevicePrefix)).ToList();
            Assert.Contains(ours, v => v.Contains(".ssh/authorized_keys does not exist yet"));
            Assert.Contains(ours, v => v.Contains("created the folder") && v.Contains("0700"));
            Assert.Contains(ours, v => v.Contains("adding ssh-ed25519") && v.Contains("(first@laptop)") && v.Contains("no options (unrestricted)"));
            Assert.Contains(ours, v => v.Contains("created .ssh/authorized_keys") && v.Contains("mode 0600"));

            var second = _ps.Run(add, _bed.PasswordVariables);

            Assert.Equal("AlreadyPresent", second.Prop(0, "Status").ToString());
            Assert.Contains(second.Verbose, v => v.StartsWith(DevicePrefix) && v.Contains("already on line 1 with the same options; nothing to add"));
            Assert.Contains(second.Verbose, v => v.StartsWith(DevicePrefix) && v.Contains("was not changed: every key given is already there"));
        }

        [Fact]
        public void Add_narrates_the_modes_it_tightens()
        {
            AuthorizedKeysTestBed.SetMode(_bed.AuthorizedKeysPath, 0x1A4); // 0644
            var result = _ps.Run($"Add-RescaleAuthorizedKey {_bed.Device()} -PublicKey $k -Verbose", ("k", _bed.LoginPublicLine));
            Assert.Contains(result.Verbose, v => v.StartsWith(DevicePrefix) && v.Contains("set mode 0600") && v.Contains("(was 0644"));
            Assert.Equal(0x180, AuthorizedKeysTestBed.Mode(_bed.AuthorizedKeysPath));
        }

        [Fact]
        public void Remove_narrates_what_matched_and_what_it_removed_or_that_nothing_matched()
        {
            string key = _bed.NewKey("leaver@old-laptop");
            _bed.Server.AuthorizeKey(AuthorizedKeysTestBed.PublicLine(key));

            var removed = _ps.Run($"Remove-RescaleAuthorizedKey {_bed.Device()} -Comment 'leaver@*' -Confirm:$false -Verbose");

            Assert.Equal("Removed", removed.Prop(0, "Status").ToString());
            Assert.Contains(removed.Verbose, v => v.StartsWith(DevicePrefix) && v.Contains("(leaver@old-laptop) on line 2 matches"));
            Assert.Contains(removed.Verbose, v => v.StartsWith(DevicePrefix) && v.Contains("removing") && v.Contains("(1 line(s))"));
            Assert.Contains(removed.Verbose, v => v.StartsWith(DevicePrefix) && v.Contains("replaced .ssh/authorized_keys"));

            var none = _ps.Run($"Remove-RescaleAuthorizedKey {_bed.Device()} -Comment 'leaver@*' -Confirm:$false -Verbose");

            Assert.Equal("NotPresent", none.Prop(0, "Status").ToString());
            Assert.Contains(none.Verbose, v => v.StartsWith(DevicePrefix) && v.Contains("nothing to remove"));
        }

        [Fact]
        public void Key_comments_from_the_device_reach_verbose_lines_with_control_characters_made_visible()
        {
            string key = _bed.NewKey("plain");
            string[] parts = AuthorizedKeysTestBed.PublicLine(key).Split(' ');
            _bed.Server.AuthorizeKey($"{parts[0]} {parts[1]} evil\u001b]0;owned\u0007title");

            var result = _ps.Run($"Remove-RescaleAuthorizedKey {_bed.Device()} -Fingerprint $f -WhatIf -Verbose", ("f", AuthorizedKeysTestBed.Fingerprint(key)));

            Assert.Contains(result.Verbose, v => v.Contains("evil\\x1B]0;owned\\x07title"));
            Assert.DoesNotContain(result.Verbose, v => v.Contains('\u001b') || v.Contains('\u0007'));
        }

        public void Dispose()
        {
            _ps.Dispose();
            _bed.Dispose();
        }
    }
}
