using System;
using System.Linq;
using System.Security.Cryptography;
using RescaleSsh.Agents;
using RescaleSsh.Engine.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Engine.Tests.Agents
{
    /// <summary>The agent client against PuTTY's Pageant (its Unix build, from the Debian package putty) holding .ppk keys.</summary>
    public class PageantTests : IDisposable
    {
        private readonly TempFolder _folder = new TempFolder();

        public PageantTests()
        {
            if (!PageantAgent.Installed)
                throw new InvalidOperationException("Pageant and puttygen are needed: apt-get install putty putty-tools (tests/run-tests.sh installs them).");
        }

        public void Dispose() => _folder.Dispose();

        [Fact]
        public void Pageant_lists_ppk_keys_as_puttygen_describes_them_and_every_signature_verifies()
        {
            var keys = new[]
            {
                PageantAgent.NewKey(_folder, "ed25519", 0, "pg-ed25519"),
                PageantAgent.NewKey(_folder, "ecdsa", 384, "pg-ecdsa"),
                PageantAgent.NewKey(_folder, "rsa", 2048, "pg-rsa"),
            };
            using var pageant = new PageantAgent(_folder, keys.Select(k => k.Ppk));
            using var client = new AgentClient(new UnixSocketAgentTransport(pageant.SocketPath), TimeSpan.FromSeconds(20));
            var identities = client.ListIdentities();

            Assert.Equal(keys.Select(k => k.PublicLine).OrderBy(l => l), identities.Select(i => i.PublicKeyLine).OrderBy(l => l));
            Assert.Equal(new[] { ("ECDSA", 384), ("Ed25519", 256), ("RSA", 2048) }, identities.Select(i => (i.Algorithm, i.KeySize)).OrderBy(t => t.Item1));

            foreach (var identity in identities)
            {
                var flagsToTry = identity.IsRsa ? new[] { AgentSigningOptions.RsaSha2512, AgentSigningOptions.RsaSha2256 } : new[] { AgentSigningOptions.None };
                foreach (var flags in flagsToTry)
                {
                    byte[] data = RandomNumberGenerator.GetBytes(100);
                    byte[] signature = client.Sign(identity, data, flags);
                    Assert.Equal(AgentClient.SignatureAlgorithm(identity, flags), SignatureCheck.Algorithm(signature));
                    Assert.True(SignatureCheck.Verify(identity.GetPublicKeyBlob(), data, signature), identity.Comment + " " + flags);
                }
            }
        }

        [Fact]
        public void An_empty_Pageant_lists_no_keys()
        {
            using var pageant = new PageantAgent(_folder, Array.Empty<string>());
            using var client = new AgentClient(new UnixSocketAgentTransport(pageant.SocketPath));
            Assert.Empty(client.ListIdentities());
        }
    }
}
