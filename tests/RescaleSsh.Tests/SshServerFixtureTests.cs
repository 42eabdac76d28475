using System.IO;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests
{
    public class SshServerFixtureTests
    {
        [Fact]
        public void OpenSSH_logs_into_the_fixture_with_an_authorized_key_and_the_home_is_the_temp_folder()
        {
            using var server = SshServer.Start();
            string key = Path.Combine(server.ClientFolder, "id_ed25519");
            ExternalTool.Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key).EnsureSuccess("ssh-keygen");
            server.AuthorizeKey(File.ReadAllText(key + ".pub"));
            string knownHosts = Path.Combine(server.ClientFolder, "known_hosts");
            File.WriteAllText(knownHosts, $"[127.0.0.1]:{server.Port} {server.HostKeyPublicLine}\n");

            var result = server.Ssh(key, knownHosts, "pwd");

            Assert.True(result.ExitCode == 0, result.StdErr + server.ReadLog());
            Assert.Equal(server.Home, result.StdOut.Trim());
        }
    }
}
