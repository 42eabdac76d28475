using System.Linq;
using System.Text.RegularExpressions;
using RescaleSsh.Tests.Connections;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Newcomer
{
    /// <summary>Issue 9 item 10: DeviceInvalid gives its instruction once; a wrong user name is named as a possible cause.</summary>
    public class MessageTests
    {
        [Theory]
        [InlineData("127.0.0.1")]
        [InlineData("user@")]
        [InlineData("user@host:99999")]
        [InlineData("@host")]
        public void DeviceInvalid_says_what_to_do_once(string device)
        {
            using var ps = new PowerShellSession();

            var error = Assert.Single(ps.Run("Test-RescaleConnection $d -KeyFilePath x", ("d", device)).AllErrors);

            Assert.StartsWith("DeviceInvalid,", error.FullyQualifiedErrorId);
            string message = error.Exception.Message;
            Assert.Single(Regex.Matches(message, "write it as", RegexOptions.IgnoreCase));
            Assert.True(Regex.Matches(message, "-UserName").Count <= 1, message);
            var sentences = message.Split(new[] { ". " }, System.StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim().TrimEnd('.').ToLowerInvariant()).ToList();
            Assert.Equal(sentences.Count, sentences.Distinct().Count());
        }

        [Fact]
        public void A_wrong_user_name_is_named_as_a_possible_cause_of_a_refused_login()
        {
            using var lab = new DeviceLab();
            lab.TrustHostKey();
            using var ps = new PowerShellSession();

            var result = ps.Run("New-RescaleSession \"nosuchuser@127.0.0.1:$port\" -KeyFilePath $key -KnownHostsPath $kh", lab.Variables());

            var error = Assert.Single(result.AllErrors);
            Assert.StartsWith("AuthenticationFailed,", error.FullyQualifiedErrorId);
            Assert.Contains("Host ID (user name) 'nosuchuser' may be wrong", error.Exception.Message);
            Assert.Contains("Add-RescaleAuthorizedKey", error.Exception.Message);
        }
    }
}
