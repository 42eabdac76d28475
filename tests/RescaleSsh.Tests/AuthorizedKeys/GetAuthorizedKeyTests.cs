using System.IO;
using System.Linq;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.AuthorizedKeys
{
    /// <summary>Get-RescaleAuthorizedKey: remote and local files as objects, filters, a missing file.</summary>
    public class GetAuthorizedKeyTests : System.IDisposable
    {
        private readonly AuthorizedKeysTestBed _bed = new AuthorizedKeysTestBed();
        private readonly PowerShellSession _ps = new PowerShellSession();

        [Fact]
        public void Get_returns_one_object_per_key_with_the_spec_properties()
        {
            string rsa = _bed.NewKey("rsa-user", "rsa");
            _bed.Server.AuthorizeKey("from=\"10.0.0.0/8\" " + AuthorizedKeysTestBed.PublicLine(rsa));

            var result = _ps.Run($"Get-RescaleAuthorizedKey {_bed.Device()}");

            Assert.Empty(result.AllErrors);
            Assert.Equal(2, result.Output.Count);
            var key = result.Output[1];
            Assert.Equal("RescaleSsh.AuthorizedKey", key.TypeNames[0]);
            Assert.Equal("127.0.0.1", key.Properties["ComputerName"].Value);
            Assert.Equal(_bed.Server.UserName, key.Properties["UserName"].Value);
            Assert.Equal(2, key.Properties["LineNumber"].Value);
            Assert.Equal("ssh-rsa", key.Properties["Algorithm"].Value);
            Assert.Equal(2048, key.Properties["KeySize"].Value);
            Assert.Equal(AuthorizedKeysTestBed.Fingerprint(rsa), key.Properties["Fingerprint"].Value);
            Assert.Equal("rsa-user", key.Properties["Comment"].Value);
            Assert.Equal("from=\"10.0.0.0/8\"", key.Properties["Options"].Value);
            Assert.Equal(AuthorizedKeysTestBed.PublicLine(rsa), key.Properties["PublicKey"].Value);
        }

        [Fact]
        public void Fingerprint_and_Comment_filter_with_wildcards()
        {
            string a = _bed.NewKey("alice@laptop");
            _bed.Server.AuthorizeKey(AuthorizedKeysTestBed.PublicLine(a));

            var byComment = _ps.Run($"Get-RescaleAuthorizedKey {_bed.Device()} -Comment 'ALICE@*'");
            var byFingerprint = _ps.Run($"Get-RescaleAuthorizedKey {_bed.Device()} -Fingerprint '{AuthorizedKeysTestBed.Fingerprint(_bed.LoginKey)}'");

            Assert.Equal("alice@laptop", Assert.Single(byComment.Output).Properties["Comment"].Value);
            Assert.Equal("login@test", Assert.Single(byFingerprint.Output).Properties["Comment"].Value);
        }

        [Fact]
        public void A_local_file_is_read_with_Path_and_a_missing_one_yields_nothing()
        {
            string local = Path.Combine(_bed.Server.ClientFolder, "authorized_keys");
            File.WriteAllBytes(local, _bed.AwkwardFile());

            var result = _ps.Run($"Get-RescaleAuthorizedKey -Path '{local}'; Get-RescaleAuthorizedKey -Path '{local}.missing'");

            Assert.Empty(result.AllErrors);
            Assert.Equal(6, result.Output.Count);
            Assert.Null(result.Prop(0, "ComputerName"));
            Assert.Equal(local, result.Prop(0, "AuthorizedKeysPath"));
            Assert.Contains("Line 8", Assert.Single(result.Warnings));
        }

        [Fact]
        public void A_device_without_authorized_keys_yields_nothing_and_no_error()
        {
            var result = _ps.Run($"Get-RescaleAuthorizedKey {_bed.Device()} -AuthorizedKeysPath .ssh/authorized_keys2");

            Assert.Empty(result.AllErrors);
            Assert.Empty(result.Output);
        }

        public void Dispose()
        {
            _ps.Dispose();
            _bed.Dispose();
        }
    }
}
