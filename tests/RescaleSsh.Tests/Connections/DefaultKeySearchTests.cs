using System.IO;
using System.Linq;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Connections
{
    [CollectionDefinition(nameof(DefaultKeySearchTests), DisableParallelization = true)]
    public class DefaultKeySearchCollection { }

    /// <summary>These tests put keys into the redirected test HOME's .ssh folder, so they run alone.</summary>
    [Collection(nameof(DefaultKeySearchTests))]
    public class DefaultKeySearchTests
    {
        private static string SshFolder => Path.Combine(ModuleUnderTest.FakeHome, ".ssh");

        private static string MakeKey(string name, string type)
        {
            Directory.CreateDirectory(SshFolder);
            string path = Path.Combine(SshFolder, name);
            ExternalTool.Run("ssh-keygen", "-q", "-t", type, "-N", "", "-f", path).EnsureSuccess("ssh-keygen");
            return path;
        }

        [Fact]
        public void Without_KeyFilePath_the_first_existing_key_in_the_spec_order_is_used()
        {
            using var lab = new DeviceLab();
            try
            {
                string rescale = MakeKey("rescale_ecdsa", "ecdsa");
                MakeKey("id_ed25519", "ed25519"); // later in the order: must not be the one used
                lab.Server.AuthorizeKey(File.ReadAllText(rescale + ".pub"));
                using var ps = new PowerShellSession();

                var result = ps.Run("Test-RescaleConnection $device -KnownHostsPath $kh", lab.Variables());

                Assert.Empty(result.AllErrors);
                Assert.Equal(true, result.Prop(0, "Authenticated"));
            }
            finally
            {
                Directory.Delete(SshFolder, recursive: true);
            }
        }

        [Fact]
        public void Without_any_key_or_credential_a_session_is_NoCredential_and_nothing_connects()
        {
            using var lab = new DeviceLab();
            if (Directory.Exists(SshFolder)) Directory.Delete(SshFolder, recursive: true);
            using var ps = new PowerShellSession();
            int connectionsBefore = Connections(lab);

            var result = ps.Run("New-RescaleSession $device -KnownHostsPath $kh", lab.Variables());

            var error = Assert.Single(result.AllErrors);
            Assert.StartsWith("NoCredential,", error.FullyQualifiedErrorId);
            Assert.Equal(System.Management.Automation.ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
            Assert.False(File.Exists(lab.KnownHostsPath));
            Assert.Equal(connectionsBefore, Connections(lab));
        }

        private static int Connections(DeviceLab lab) =>
            System.Text.RegularExpressions.Regex.Matches(lab.Server.ReadLog(), "Connection from").Count;
    }
}
