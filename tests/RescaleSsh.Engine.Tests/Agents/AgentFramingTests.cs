using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using RescaleSsh.Agents;
using RescaleSsh.Engine.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Engine.Tests.Agents
{
    /// <summary>
    /// The agent client against a scripted peer: answers in pieces, garbage, huge lengths, silence and refusals each
    /// give a result or a clear error id, never a hang or an unbounded allocation.
    /// </summary>
    public class AgentFramingTests : IDisposable
    {
        private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(1500);
        private readonly TempFolder _folder = new TempFolder();

        public void Dispose() => _folder.Dispose();

        private FakeAgent Fake(Action<Stream, byte[], int> script) => new FakeAgent(_folder.Combine("fake-" + Guid.NewGuid().ToString("N").Substring(0, 6)), script);

        private static AgentClient Client(FakeAgent fake, TimeSpan? timeout = null) => new AgentClient(new UnixSocketAgentTransport(fake.SocketPath), timeout ?? TimeSpan.FromSeconds(10));

        private static void Answer(Stream stream, byte[] body)
        {
            var frame = FakeAgent.Frame(body);
            stream.Write(frame, 0, frame.Length);
        }

        [Fact]
        public void An_answer_written_one_byte_at_a_time_is_read_whole()
        {
            using var fake = Fake((stream, request, _) =>
            {
                foreach (byte b in FakeAgent.Frame(AgentMessages.IdentitiesAnswer((AgentMessages.Ed25519Blob(), "one"), (AgentMessages.Ed25519Blob(9), "two"))))
                {
                    stream.WriteByte(b);
                    stream.Flush();
                }
            });
            using var client = Client(fake);
            var keys = client.ListIdentities();
            Assert.Equal(new[] { "one", "two" }, keys.Select(k => k.Comment));
            Assert.All(keys, k => Assert.Equal("Ed25519", k.Algorithm));
        }

        [Theory]
        [InlineData(0x7FFFFFFFu)]
        [InlineData(0xFFFFFFFFu)]
        [InlineData((uint)AgentLimits.MaxMessageLength + 1)]
        public void A_length_over_the_limit_is_a_protocol_error_without_waiting_for_the_body(uint length)
        {
            using var fake = Fake((stream, _, _) => stream.Write(AgentMessages.UInt32(length)));
            using var client = Client(fake);
            var e = Assert.Throws<RescaleSshException>(() => client.ListIdentities());
            Assert.Equal("AgentProtocolError", e.ErrorId);
            Assert.Equal(FailureCategory.ProtocolError, e.Category);
            Assert.Contains(length.ToString(), e.Message);
        }

        [Fact]
        public void An_ssh_server_banner_is_not_taken_for_an_agent()
        {
            using var fake = Fake((stream, _, _) => stream.Write(Encoding.ASCII.GetBytes("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n")));
            using var client = Client(fake);
            var e = Assert.Throws<RescaleSshException>(() => client.ListIdentities());
            Assert.Equal("AgentProtocolError", e.ErrorId);
            Assert.Contains(fake.SocketPath, e.Message);
        }

        [Fact]
        public void A_connection_closed_inside_a_message_is_a_protocol_error()
        {
            using var fake = Fake((stream, _, _) =>
            {
                stream.Write(AgentMessages.UInt32(100));
                stream.Write(new byte[] { 12, 0, 0 });
                stream.Close();
            });
            using var client = Client(fake);
            var e = Assert.Throws<RescaleSshException>(() => client.ListIdentities());
            Assert.Equal("AgentProtocolError", e.ErrorId);
            Assert.Contains("closed inside a 100-byte message", e.Message);
        }

        [Fact]
        public void An_empty_message_is_a_protocol_error()
        {
            using var fake = Fake((stream, _, _) => stream.Write(AgentMessages.UInt32(0)));
            using var client = Client(fake);
            Assert.Equal("AgentProtocolError", Assert.Throws<RescaleSshException>(() => client.ListIdentities()).ErrorId);
        }

        [Fact]
        public void A_silent_agent_times_out_and_the_next_call_uses_a_new_connection()
        {
            using var release = new ManualResetEventSlim();
            int calls = 0;
            using var silent = Fake((stream, _, _) =>
            {
                // The first request is never answered (until the test ends); later ones are.
                if (Interlocked.Increment(ref calls) == 1) { release.Wait(TimeSpan.FromSeconds(30)); return; }
                Answer(stream, AgentMessages.IdentitiesAnswer());
            });
            using var client = Client(silent, Short);
            var e = Assert.Throws<RescaleSshException>(() => client.ListIdentities());
            Assert.Equal("AgentTimedOut", e.ErrorId);
            Assert.Equal(FailureCategory.OperationTimeout, e.Category);

            Assert.Empty(client.ListIdentities());
            Assert.Equal(2, silent.Connections);
            release.Set();
        }

        [Fact]
        public void An_agent_that_closes_idle_connections_is_reconnected_to_without_an_error()
        {
            using var fake = Fake((stream, _, _) =>
            {
                Answer(stream, AgentMessages.IdentitiesAnswer((AgentMessages.Ed25519Blob(), "k")));
                stream.Close();
            });
            using var client = Client(fake);
            for (int i = 0; i < 3; i++) Assert.Single(client.ListIdentities());
            Assert.Equal(3, fake.Connections);
        }

        [Fact]
        public void An_agent_that_never_answers_on_a_fresh_connection_is_a_protocol_error()
        {
            using var fake = Fake((stream, _, _) => stream.Close());
            using var client = Client(fake);
            var e = Assert.Throws<RescaleSshException>(() => client.ListIdentities());
            Assert.Equal("AgentProtocolError", e.ErrorId);
            Assert.Contains("without answering", e.Message);
        }

        [Fact]
        public void A_stopped_call_ends_with_OperationCanceledException()
        {
            using var gate = new ManualResetEventSlim();
            using var silent = Fake((_, _, _) => gate.Wait(TimeSpan.FromSeconds(30)));
            using var client = Client(silent, TimeSpan.FromSeconds(60));
            using var cts = new CancellationTokenSource();
            cts.CancelAfter(200);
            Assert.ThrowsAny<OperationCanceledException>(() => client.ListIdentities(cts.Token));
            gate.Set();
        }

        [Fact]
        public void More_keys_than_allowed_is_a_protocol_error()
        {
            using var fake = Fake((stream, _, _) => Answer(stream, new byte[] { 12 }.Concat(AgentMessages.UInt32(AgentLimits.MaxIdentities + 1)).ToArray()));
            using var client = Client(fake);
            var e = Assert.Throws<RescaleSshException>(() => client.ListIdentities());
            Assert.Equal("AgentProtocolError", e.ErrorId);
        }

        [Fact]
        public void A_string_longer_than_its_message_is_a_protocol_error()
        {
            using var fake = Fake((stream, _, _) => Answer(stream, new byte[] { 12 }.Concat(AgentMessages.UInt32(1)).Concat(AgentMessages.UInt32(5000)).ToArray()));
            using var client = Client(fake);
            var e = Assert.Throws<RescaleSshException>(() => client.ListIdentities());
            Assert.Equal("AgentProtocolError", e.ErrorId);
            Assert.Contains("malformed key list", e.Message);
        }

        [Fact]
        public void A_malformed_key_blob_is_a_protocol_error()
        {
            byte[] shortKey = AgentMessages.String("ssh-ed25519").Concat(AgentMessages.String(new byte[5])).ToArray();
            using var fake = Fake((stream, _, _) => Answer(stream, AgentMessages.IdentitiesAnswer((shortKey, "bad"))));
            using var client = Client(fake);
            Assert.Equal("AgentProtocolError", Assert.Throws<RescaleSshException>(() => client.ListIdentities()).ErrorId);
        }

        [Fact]
        public void An_unexpected_message_type_is_a_protocol_error()
        {
            using var fake = Fake((stream, _, _) => Answer(stream, new byte[] { 99, 1, 2, 3 }));
            using var client = Client(fake);
            var e = Assert.Throws<RescaleSshException>(() => client.ListIdentities());
            Assert.Equal("AgentProtocolError", e.ErrorId);
            Assert.Contains("message 99", e.Message);
        }

        [Fact]
        public void A_refusal_to_list_keys_is_AgentUnavailable()
        {
            using var fake = Fake((stream, _, _) => Answer(stream, AgentMessages.Failure));
            using var client = Client(fake);
            var e = Assert.Throws<RescaleSshException>(() => client.ListIdentities());
            Assert.Equal("AgentUnavailable", e.ErrorId);
            Assert.Contains("locked", e.Message);
        }

        [Fact]
        public void A_refusal_to_sign_is_AgentSignRefused_naming_the_fingerprint()
        {
            using var fake = Fake((stream, request, _) =>
                Answer(stream, request[0] == 11 ? AgentMessages.IdentitiesAnswer((AgentMessages.Ed25519Blob(), "k")) : AgentMessages.Failure));
            using var client = Client(fake);
            var key = client.ListIdentities().Single();
            var e = Assert.Throws<RescaleSshException>(() => client.Sign(key, new byte[] { 1, 2, 3 }, AgentSigningOptions.None));
            Assert.Equal("AgentSignRefused", e.ErrorId);
            Assert.Equal(FailureCategory.AuthenticationError, e.Category);
            Assert.Contains(key.Fingerprint, e.Message);
        }

        [Fact]
        public void A_sign_request_carries_the_key_the_data_and_the_RSA_flags()
        {
            byte[] seen = null;
            byte[] rsaBlob = AgentMessages.String("ssh-rsa").Concat(AgentMessages.String(new byte[] { 1, 0, 1 })).Concat(AgentMessages.String(new byte[] { 0, 0xC5, 1, 2 })).ToArray();
            using var fake = Fake((stream, request, _) =>
            {
                if (request[0] == 11) { Answer(stream, AgentMessages.IdentitiesAnswer((rsaBlob, "r"))); return; }
                seen = request;
                Answer(stream, AgentMessages.SignResponse("rsa-sha2-512", new byte[] { 9, 9 }));
            });
            using var client = Client(fake);
            var key = client.ListIdentities().Single();
            Assert.Equal(("RSA", 24), (key.Algorithm, key.KeySize));
            byte[] signature = client.Sign(key, new byte[] { 0xAA, 0xBB }, AgentSigningOptions.RsaSha2512);
            byte[] expected = new byte[] { 13 }.Concat(AgentMessages.String(rsaBlob)).Concat(AgentMessages.String(new byte[] { 0xAA, 0xBB })).Concat(AgentMessages.UInt32(4)).ToArray();
            Assert.Equal(expected, seen);
            Assert.Equal("rsa-sha2-512", SignatureCheck.Algorithm(signature));
        }

        [Fact]
        public void An_agent_that_ignores_the_SHA2_flag_is_a_protocol_error_not_a_SHA1_login()
        {
            byte[] rsaBlob = AgentMessages.String("ssh-rsa").Concat(AgentMessages.String(new byte[] { 1, 0, 1 })).Concat(AgentMessages.String(new byte[] { 0xC5, 1 })).ToArray();
            using var fake = Fake((stream, request, _) =>
                Answer(stream, request[0] == 11 ? AgentMessages.IdentitiesAnswer((rsaBlob, "r")) : AgentMessages.SignResponse("ssh-rsa", new byte[] { 1 })));
            using var client = Client(fake);
            var key = client.ListIdentities().Single();
            var e = Assert.Throws<RescaleSshException>(() => client.Sign(key, new byte[] { 1 }, AgentSigningOptions.RsaSha2256));
            Assert.Equal("AgentProtocolError", e.ErrorId);
            Assert.Contains("rsa-sha2-256", e.Message);
        }

        [Fact]
        public void A_path_with_nothing_there_is_AgentNotFound()
        {
            using var client = new AgentClient(new UnixSocketAgentTransport(_folder.Combine("missing.sock")), Short);
            var e = Assert.Throws<RescaleSshException>(() => client.ListIdentities());
            Assert.Equal("AgentNotFound", e.ErrorId);
            Assert.Equal(FailureCategory.ObjectNotFound, e.Category);
        }

        [Fact]
        public void A_regular_file_is_not_an_agent()
        {
            string path = _folder.Write("not-a-socket", "hello");
            using var client = new AgentClient(new UnixSocketAgentTransport(path), Short);
            Assert.Equal("AgentUnavailable", Assert.Throws<RescaleSshException>(() => client.ListIdentities()).ErrorId);
        }
    }
}
