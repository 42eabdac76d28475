using System.IO;
using System.Linq;
using System.Management.Automation;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.AuthorizedKeys
{
    /// <summary>
    /// A -PublicKey value is one or more whole key lines: a carriage return inside a line (which shows the line as two
    /// keys), a NUL (which ends it early for sshd) and lengths no key comes near are refused before any device is
    /// contacted. The device here is a port where nothing listens: a refusal that came later would be ConnectionRefused.
    /// </summary>
    public class PublicKeyLineTests
    {
        private const string Key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE9Jgu+XLTBBXTMB9MeKWE/kRnBJxUv3O3kTgq4LBdeX";

        private static ScriptResult Add(string publicKey)
        {
            using var folder = new TempFolder();
            using var ps = new PowerShellSession();
            return ps.Run("Add-RescaleAuthorizedKey 127.0.0.1 -UserName someone -Port $port -PublicKey $k -KeyFilePath $none -KnownHostsPath $kh",
                ("port", SshServer.FreePort()), ("k", publicKey), ("none", folder.Combine("no-such-key")), ("kh", folder.Combine("known_hosts")));
        }

        [Theory]
        [InlineData(Key + " alice@laptop\r" + Key + " mallory", "carriage return")]
        [InlineData(Key + " alice\rlaptop", "carriage return")]
        [InlineData(Key + " alice@laptop\r", "carriage return")]
        [InlineData(Key + " alice\0@laptop", "NUL")]
        public void A_carriage_return_or_NUL_inside_a_key_line_is_refused_before_any_device_is_contacted(string value, string named)
        {
            var result = Add(value);

            var error = Assert.Single(result.AllErrors);
            Assert.StartsWith("NotAPublicKey,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
            Assert.Contains("Line 1", error.Exception.Message);
            Assert.Contains(named, error.Exception.Message);
            Assert.Empty(result.Output);
        }

        [Fact]
        public void A_comment_of_50_MB_and_a_line_over_16_KiB_are_refused_by_length()
        {
            var huge = Assert.Single(Add(Key + " " + new string('c', 50 * 1024 * 1024)).AllErrors);
            Assert.StartsWith("NotAPublicKey,", huge.FullyQualifiedErrorId);
            Assert.Contains("too long", huge.Exception.Message);
            Assert.True(huge.Exception.Message.Length < 500);

            var longLine = Assert.Single(Add(Key + " " + new string('c', 16 * 1024)).AllErrors);
            Assert.StartsWith("NotAPublicKey,", longLine.FullyQualifiedErrorId);
            Assert.Contains("16,384", longLine.Exception.Message);
        }

        private const string OtherKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ6mUUJ4DvLdRmlQ8mDxGTPqzCX3ZPZDa6cfh4kXCKVq";

        [Theory]
        [InlineData(Key + " alice@laptop\r\n")]
        [InlineData(Key + " alice@laptop\n" + OtherKey + " bob\n")]
        [InlineData(Key + " alice@laptop\r\n" + OtherKey + " bob\r\n")]
        public void Whole_lines_ended_by_LF_or_CRLF_still_pass_the_input_checks(string value)
        {
            // Past the input checks, the command goes on to the login: here the key file is missing.
            var result = Add(value);
            Assert.Equal("KeyFileNotFound", result.AllErrors.Single().FullyQualifiedErrorId.Split(',')[0]);
        }

        [Fact]
        public void A_pub_file_with_a_carriage_return_inside_a_line_is_refused_too()
        {
            using var folder = new TempFolder();
            using var ps = new PowerShellSession();
            string pub = folder.Combine("odd.pub");
            File.WriteAllText(pub, Key + " alice\rmallory\n");
            var result = ps.Run("Add-RescaleAuthorizedKey 127.0.0.1 -UserName someone -Port $port -PublicKeyPath $pub -KnownHostsPath $kh",
                ("port", SshServer.FreePort()), ("pub", pub), ("kh", folder.Combine("known_hosts")));
            var error = Assert.Single(result.AllErrors);
            Assert.StartsWith("NotAPublicKey,", error.FullyQualifiedErrorId);
            Assert.Equal(pub, error.TargetObject);
        }
    }
}
