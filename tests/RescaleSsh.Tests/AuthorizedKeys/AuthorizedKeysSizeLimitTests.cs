using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Security.Cryptography;
using System.Text;
using RescaleSsh.AuthorizedKeys;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.AuthorizedKeys
{
    /// <summary>
    /// An authorized_keys over the documented limit (AuthorizedKeysFile.MaxBytes, 8 MiB) is AuthorizedKeysTooLarge, on
    /// the device and locally, refused before it is read into memory and left unchanged; up to the limit it is read.
    /// </summary>
    public class AuthorizedKeysSizeLimitTests
    {
        /// <summary>The login key first (sshd reads the file line by line and logs in on it), then comment lines up to <paramref name="size"/> bytes.</summary>
        private static byte[] Padded(string firstLine, long size)
        {
            var text = new StringBuilder(firstLine + "\n");
            string filler = "# " + new string('x', 1021) + "\n";
            while (text.Length + filler.Length < size) text.Append(filler);
            text.Append('#', (int)(size - text.Length - 1)).Append('\n');
            byte[] bytes = Encoding.ASCII.GetBytes(text.ToString());
            Assert.Equal(size, bytes.Length);
            return bytes;
        }

        [Fact]
        public void A_50_MB_authorized_keys_on_the_device_is_refused_by_Get_and_Add_and_left_as_it_is()
        {
            using var bed = new AuthorizedKeysTestBed();
            using var ps = new PowerShellSession();
            bed.WriteAuthorizedKeys(Padded(bed.LoginPublicLine, 50L * 1000 * 1000));
            byte[] hash = SHA256.HashData(bed.ReadBytes());

            var get = ps.Run($"Get-RescaleAuthorizedKey {bed.Device()}");
            var add = ps.Run($"Add-RescaleAuthorizedKey {bed.Device()} -PublicKeyPath '{bed.NewKey("new")}.pub'");

            foreach (var result in new[] { get, add })
            {
                var error = Assert.Single(result.AllErrors);
                Assert.StartsWith("AuthorizedKeysTooLarge,", error.FullyQualifiedErrorId);
                Assert.Equal(ErrorCategory.LimitsExceeded, error.CategoryInfo.Category);
                Assert.Contains("8 MiB", error.Exception.Message);
                Assert.Contains(bed.Server.Port.ToString(), error.TargetObject.ToString());
                Assert.Empty(result.Output);
            }
            Assert.Equal(hash, SHA256.HashData(bed.ReadBytes()));
            Assert.Equal(new[] { "authorized_keys" }, Directory.GetFiles(bed.SshFolder).Select(Path.GetFileName));
        }

        [Fact]
        public void A_local_file_is_read_up_to_the_limit_and_refused_one_byte_past_it()
        {
            using var folder = new TempFolder();
            using var ps = new PowerShellSession();
            const string key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE9Jgu+XLTBBXTMB9MeKWE/kRnBJxUv3O3kTgq4LBdeX edge@limit";
            string atLimit = folder.Combine("at_limit");
            File.WriteAllBytes(atLimit, Padded(key, AuthorizedKeysFile.MaxBytes));
            string over = folder.Combine("over_limit");
            File.WriteAllBytes(over, Padded(key, AuthorizedKeysFile.MaxBytes + 1));

            var read = ps.Run("Get-RescaleAuthorizedKey -Path $p", ("p", atLimit));
            Assert.Empty(read.AllErrors);
            Assert.Equal("edge@limit", read.Prop(0, "Comment"));

            var refused = ps.Run("Get-RescaleAuthorizedKey -Path $p", ("p", over));
            var error = Assert.Single(refused.AllErrors);
            Assert.StartsWith("AuthorizedKeysTooLarge,", error.FullyQualifiedErrorId);
            Assert.Equal(over, error.TargetObject);
            Assert.Equal(8 * 1024 * 1024, AuthorizedKeysFile.MaxBytes);
        }
    }
}
