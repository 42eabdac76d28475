using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Threading.Tasks;
using RescaleSsh.Agents;
using RescaleSsh.Engine.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Engine.Tests.Agents
{
    /// <summary>The agent client against OpenSSH's own ssh-agent: keys of each type, encrypted and confirm-on-use keys, an empty agent, a dead socket.</summary>
    public class OpenSshAgentTests : IDisposable
    {
        private readonly TempFolder _folder = new TempFolder();
        private readonly OpenSshAgent _agent;

        public OpenSshAgentTests()
        {
            _agent = new OpenSshAgent(_folder);
        }

        public void Dispose()
        {
            _agent.Dispose();
            _folder.Dispose();
        }

        private AgentClient Client() => new AgentClient(new UnixSocketAgentTransport(_agent.SocketPath), TimeSpan.FromSeconds(20));

        [Theory]
        [MemberData(nameof(LabKeys.Types), MemberType = typeof(LabKeys))]
        public void A_key_is_listed_as_ssh_keygen_describes_it(string type, int bits)
        {
            string key = LabKeys.OpenSsh(_folder, type, bits, "lab key " + type);
            _agent.Add(key);
            using var client = Client();
            var identity = Assert.Single(client.ListIdentities());
            Assert.Equal(LabKeys.Fingerprint(key), identity.Fingerprint);
            Assert.Equal(LabKeys.PublicLine(key), identity.PublicKeyLine);
            Assert.Equal("lab key " + type, identity.Comment);
            Assert.Equal(type == "ed25519" ? 256 : bits, identity.KeySize);
            Assert.Equal(type == "ed25519" ? "Ed25519" : type.ToUpperInvariant(), identity.Algorithm);
        }

        [Theory]
        [MemberData(nameof(LabKeys.Types), MemberType = typeof(LabKeys))]
        public void A_signature_from_the_agent_verifies_with_the_public_key(string type, int bits)
        {
            _agent.Add(LabKeys.OpenSsh(_folder, type, bits, "signer"));
            using var client = Client();
            var identity = client.ListIdentities().Single();
            byte[] data = RandomNumberGenerator.GetBytes(200);
            var flags = identity.IsRsa ? AgentSigningOptions.RsaSha2512 : AgentSigningOptions.None;
            byte[] signature = client.Sign(identity, data, flags);
            Assert.True(SignatureCheck.Verify(identity.GetPublicKeyBlob(), data, signature));
            data[0] ^= 1;
            Assert.False(SignatureCheck.Verify(identity.GetPublicKeyBlob(), data, signature));
        }

        [Theory]
        [InlineData(AgentSigningOptions.RsaSha2512, "rsa-sha2-512")]
        [InlineData(AgentSigningOptions.RsaSha2256, "rsa-sha2-256")]
        [InlineData(AgentSigningOptions.None, "ssh-rsa")]
        public void An_RSA_key_signs_with_the_hash_the_flags_ask_for(AgentSigningOptions flags, string algorithm)
        {
            _agent.Add(LabKeys.OpenSsh(_folder, "rsa", 2048, "rsa"));
            using var client = Client();
            var identity = client.ListIdentities().Single();
            byte[] data = RandomNumberGenerator.GetBytes(64);
            byte[] signature = client.Sign(identity, data, flags);
            Assert.Equal(algorithm, SignatureCheck.Algorithm(signature));
            Assert.True(SignatureCheck.Verify(identity.GetPublicKeyBlob(), data, signature));
        }

        [Fact]
        public void An_encrypted_key_added_with_its_passphrase_signs()
        {
            string key = LabKeys.OpenSsh(_folder, "ed25519", 0, "encrypted", LabKeys.Passphrase);
            _agent.Add(key, LabKeys.Passphrase);
            using var client = Client();
            var identity = client.ListIdentities().Single();
            Assert.Equal(LabKeys.Fingerprint(key), identity.Fingerprint);
            byte[] data = RandomNumberGenerator.GetBytes(32);
            Assert.True(SignatureCheck.Verify(identity.GetPublicKeyBlob(), data, client.Sign(identity, data, AgentSigningOptions.None)));
        }

        [Fact]
        public void A_confirm_on_use_key_with_no_way_to_confirm_is_AgentSignRefused()
        {
            _agent.Add(LabKeys.OpenSsh(_folder, "ed25519", 0, "confirm"), confirm: true);
            using var client = Client();
            var identity = client.ListIdentities().Single();
            var e = Assert.Throws<RescaleSshException>(() => client.Sign(identity, new byte[] { 1, 2, 3 }, AgentSigningOptions.None));
            Assert.Equal("AgentSignRefused", e.ErrorId);
            Assert.Contains(identity.Fingerprint, e.Message);
            // The connection stays usable after a refusal.
            Assert.Single(client.ListIdentities());
        }

        [Fact]
        public void A_key_removed_from_the_agent_is_AgentSignRefused()
        {
            string key = LabKeys.OpenSsh(_folder, "ecdsa", 256, "gone");
            _agent.Add(key);
            using var client = Client();
            var identity = client.ListIdentities().Single();
            _agent.Remove(key);
            Assert.Equal("AgentSignRefused", Assert.Throws<RescaleSshException>(() => client.Sign(identity, new byte[] { 1 }, AgentSigningOptions.None)).ErrorId);
        }

        [Fact]
        public void An_empty_agent_lists_no_keys()
        {
            using var client = Client();
            Assert.Empty(client.ListIdentities());
        }

        [Fact]
        public void Keys_are_listed_in_the_order_they_were_added()
        {
            var comments = new[] { "first", "second", "third" };
            foreach (var c in comments) _agent.Add(LabKeys.OpenSsh(_folder, "ed25519", 0, c));
            using var client = Client();
            Assert.Equal(comments, client.ListIdentities().Select(k => k.Comment));
        }

        [Fact]
        public void The_socket_of_a_crashed_agent_is_AgentUnavailable()
        {
            _agent.Crash();
            Assert.True(System.IO.File.Exists(_agent.SocketPath));
            using var client = Client();
            var e = Assert.Throws<RescaleSshException>(() => client.ListIdentities());
            Assert.Equal("AgentUnavailable", e.ErrorId);
            Assert.Contains(_agent.SocketPath, e.Message);
        }

        [Fact]
        public void Many_workers_share_one_client_and_every_signature_verifies()
        {
            _agent.Add(LabKeys.OpenSsh(_folder, "ed25519", 0, "shared"));
            _agent.Add(LabKeys.OpenSsh(_folder, "ecdsa", 256, "shared2"));
            using var client = Client();
            var identities = client.ListIdentities();
            var failures = new List<string>();
            Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 16 }, i =>
            {
                var identity = identities[i % identities.Count];
                byte[] data = RandomNumberGenerator.GetBytes(48);
                byte[] signature = client.Sign(identity, data, AgentSigningOptions.None);
                if (!SignatureCheck.Verify(identity.GetPublicKeyBlob(), data, signature))
                    lock (failures) failures.Add($"request {i}");
            });
            Assert.Empty(failures);
        }

        [Fact]
        public void The_locator_finds_the_agent_through_SSH_AUTH_SOCK()
        {
            var locator = new AgentLocator(name => name == "SSH_AUTH_SOCK" ? _agent.SocketPath : null, isWindows: false, _ => false, null);
            var transport = locator.Locate();
            Assert.Equal(_agent.SocketPath, transport.Name);
            using var client = new AgentClient(transport);
            Assert.Empty(client.ListIdentities());
        }

        [Fact]
        public void The_fallback_endpoint_for_runtimes_without_UnixDomainSocketEndPoint_reaches_the_agent()
        {
            _agent.Add(LabKeys.OpenSsh(_folder, "ed25519", 0, "fallback"));
            var endPoint = RescaleSsh.Platform.UnixSocketEndPoint.Create(_agent.SocketPath, preferRuntimeType: false);
            Assert.IsType<RescaleSsh.Platform.UnixSocketEndPoint>(endPoint);
            using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
            socket.Connect(endPoint);
            socket.Send(new byte[] { 0, 0, 0, 1, 11 });
            var header = new byte[5];
            int read = 0;
            for (int i = 0; i < 100 && read < 5; i++) read += socket.Receive(header, read, 5 - read, System.Net.Sockets.SocketFlags.None);
            Assert.Equal(12, header[4]);
        }
    }
}
