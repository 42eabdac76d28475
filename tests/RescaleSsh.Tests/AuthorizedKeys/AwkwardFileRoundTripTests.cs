using System.Linq;
using System.Text;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.AuthorizedKeys
{
    /// <summary>An authorized_keys holding every awkward line form survives Add and Remove byte for byte.</summary>
    public class AwkwardFileRoundTripTests : System.IDisposable
    {
        private readonly AuthorizedKeysTestBed _bed = new AuthorizedKeysTestBed();
        private readonly PowerShellSession _ps = new PowerShellSession();

        [Fact]
        public void Add_then_Remove_of_another_key_leaves_every_other_byte_as_it_was()
        {
            byte[] original = _bed.AwkwardFile();
            _bed.WriteAuthorizedKeys(original);
            string key = _bed.NewKey("newcomer");
            string line = AuthorizedKeysTestBed.PublicLine(key);

            var add = _ps.Run($"Add-RescaleAuthorizedKey {_bed.Device()} -PublicKeyPath '{key}.pub'");

            Assert.Empty(add.AllErrors);
            Assert.Equal("Added", add.Prop(0, "Status").ToString());
            // The file had no final newline: one is supplied (the file's lines are mostly LF), then the new line.
            byte[] expectedAfterAdd = original.Concat(Encoding.UTF8.GetBytes("\n" + line + "\n")).ToArray();
            Assert.Equal(expectedAfterAdd, _bed.ReadBytes());
            Assert.Equal(0, _bed.Server.Ssh(key, _bed.KnownHosts, "true").ExitCode);

            var remove = _ps.Run($"Remove-RescaleAuthorizedKey {_bed.Device()} -Fingerprint '{AuthorizedKeysTestBed.Fingerprint(key)}' -Confirm:$false");

            Assert.Empty(remove.AllErrors);
            Assert.Equal("Removed", remove.Prop(0, "Status").ToString());
            Assert.Equal(original.Concat(Encoding.UTF8.GetBytes("\n")).ToArray(), _bed.ReadBytes());
            Assert.Equal(0x180, AuthorizedKeysTestBed.Mode(_bed.AuthorizedKeysPath));
        }

        [Fact]
        public void Get_lists_every_key_form_and_warns_about_the_malformed_line_by_number()
        {
            _bed.WriteAuthorizedKeys(_bed.AwkwardFile());

            var result = _ps.Run($"Get-RescaleAuthorizedKey {_bed.Device()}");

            Assert.Empty(result.AllErrors);
            Assert.Equal(
                new[] { "ssh-ed25519", "ssh-rsa", "ssh-ed25519-cert-v01@openssh.com", "sk-ssh-ed25519@openssh.com", "ssh-ed25519", "ssh-ed25519" },
                result.Output.Select(o => o.Properties["Algorithm"].Value));
            Assert.Equal(new[] { 3, 4, 5, 6, 9, 11 }, result.Output.Select(o => (int)o.Properties["LineNumber"].Value));
            Assert.Equal("from=\"10.0.0.1,192.168.0.0/16\",command=\"echo x y\",no-pty", result.Prop(0, "Options"));
            Assert.Equal("cert-authority,principals=\"a b,c\"", result.Prop(1, "Options"));
            Assert.Equal("with options", result.Prop(0, "Comment"));
            Assert.Equal("last line, no newline", result.Prop(5, "Comment"));
            var warning = Assert.Single(result.Warnings);
            Assert.Contains("Line 8", warning);
        }

        public void Dispose()
        {
            _ps.Dispose();
            _bed.Dispose();
        }
    }
}
