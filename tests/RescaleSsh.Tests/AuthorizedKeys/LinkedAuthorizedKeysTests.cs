using System.IO;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.AuthorizedKeys
{
    /// <summary>An authorized_keys that is a symbolic link (dotfile managers do this) is edited where it points, and stays a link.</summary>
    public class LinkedAuthorizedKeysTests : System.IDisposable
    {
        private readonly AuthorizedKeysTestBed _bed = new AuthorizedKeysTestBed();
        private readonly PowerShellSession _ps = new PowerShellSession();

        [Fact]
        public void Add_and_Remove_through_a_symlink_edit_the_target_and_keep_the_link()
        {
            string target = Path.Combine(_bed.Server.Home, "keys", "authorized_keys.real");
            Directory.CreateDirectory(Path.GetDirectoryName(target));
            File.Copy(_bed.AuthorizedKeysPath, target);
            File.Delete(_bed.AuthorizedKeysPath);
            File.CreateSymbolicLink(_bed.AuthorizedKeysPath, target);
            _bed.Server.GiveToUser(Path.GetDirectoryName(target));
            AuthorizedKeysTestBed.SetMode(target, 0x180);
            AuthorizedKeysTestBed.SetMode(Path.GetDirectoryName(target), 0x1C0);
            ExternalTool.Run("chown", "-h", _bed.Server.UserName + ":", _bed.AuthorizedKeysPath).EnsureSuccess("chown -h");
            string key = _bed.NewKey("linked");

            var add = _ps.Run($"Add-RescaleAuthorizedKey {_bed.Device()} -PublicKeyPath '{key}.pub'");

            Assert.Empty(add.AllErrors);
            Assert.Equal("Added", add.Prop(0, "Status").ToString());
            Assert.NotNull(new FileInfo(_bed.AuthorizedKeysPath).LinkTarget);
            Assert.Equal(_bed.LoginPublicLine + "\n" + AuthorizedKeysTestBed.PublicLine(key) + "\n", File.ReadAllText(target));
            Assert.Equal(0, _bed.Server.Ssh(key, _bed.KnownHosts, "true").ExitCode);

            var remove = _ps.Run($"Remove-RescaleAuthorizedKey {_bed.Device()} -Comment linked -Confirm:$false");

            Assert.Empty(remove.AllErrors);
            Assert.NotNull(new FileInfo(_bed.AuthorizedKeysPath).LinkTarget);
            Assert.Equal(_bed.LoginPublicLine + "\n", File.ReadAllText(target));
        }

        public void Dispose()
        {
            _ps.Dispose();
            _bed.Dispose();
        }
    }
}
