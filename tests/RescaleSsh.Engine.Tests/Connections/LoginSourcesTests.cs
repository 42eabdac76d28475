using System;
using System.Security;
using RescaleSsh.Agents;
using RescaleSsh.Connections;
using RescaleSsh.Engine.Tests.Agents;
using RescaleSsh.Engine.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Engine.Tests.Connections
{
    /// <summary>
    /// What a command's logins share: each key file is read (and decrypted) once for all its devices, a failure to read
    /// one is remembered rather than retried per device, one client serves each agent, and sessions keep them alive.
    /// </summary>
    public class LoginSourcesTests : IDisposable
    {
        private readonly TempFolder _folder = new TempFolder();

        public void Dispose() => _folder.Dispose();

        private string NewKey(string name, string passphrase = "")
        {
            string path = _folder.Combine(name);
            ExternalTool.Run("ssh-keygen", "-q", "-t", "ed25519", "-a", "4", "-N", passphrase, "-C", name, "-f", path).EnsureSuccess("ssh-keygen");
            return path;
        }

        private static SecureString Secure(string text)
        {
            var secure = new SecureString();
            foreach (char c in text) secure.AppendChar(c);
            return secure;
        }

        [Fact]
        public void A_key_file_is_read_and_decrypted_once_per_command()
        {
            string path = NewKey("enc", "pass phrase");
            using var sources = new LoginSources(null);

            var first = sources.KeyFile(path, Secure("pass phrase"));
            System.IO.File.Delete(path); // a second read would now fail

            Assert.Same(first, sources.KeyFile(path, Secure("pass phrase")));
            Assert.Equal("enc", first.Comment);
        }

        [Fact]
        public void A_key_that_cannot_be_read_fails_the_same_way_for_every_device_without_being_read_again()
        {
            string path = NewKey("locked", "secret");
            using var sources = new LoginSources(null);

            var first = Assert.Throws<RescaleSshException>(() => sources.KeyFile(path, null));
            System.IO.File.Delete(path);
            var second = Assert.Throws<RescaleSshException>(() => sources.KeyFile(path, null));

            Assert.Equal("KeyPassphraseRequired", first.ErrorId);
            Assert.Equal("KeyPassphraseRequired", second.ErrorId);
        }

        [Fact]
        public void The_public_half_of_an_encrypted_key_is_read_without_its_passphrase()
        {
            string path = NewKey("idonly", "secret");
            using var sources = new LoginSources(null);
            string line = System.IO.File.ReadAllText(path + ".pub").Split(' ')[1];
            Assert.Equal(Convert.FromBase64String(line), sources.PublicBlob(path));
            Assert.Null(sources.PublicBlob(_folder.Combine("missing")));
        }

        [Fact]
        public void One_client_serves_each_agent_and_a_session_keeps_the_sources_alive_after_the_command()
        {
            using var agent = new OpenSshAgent(_folder);
            var locator = new AgentLocator(_ => null, false, null, null);
            var sources = new LoginSources(locator);
            var client = sources.Agent(agent.SocketPath);
            Assert.Same(client, sources.Agent(agent.SocketPath));

            var session = sources.Retain();
            sources.Dispose(); // the command ends
            Assert.Empty(session.Agent(agent.SocketPath).ListIdentities());

            session.Dispose(); // the session closes: the last reference
            Assert.Throws<ObjectDisposedException>(() => sources.KeyFile(NewKey("late"), null));
            Assert.Throws<ObjectDisposedException>(() => client.ListIdentities());
        }
    }
}
