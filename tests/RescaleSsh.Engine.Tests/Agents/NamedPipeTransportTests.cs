using System;
using System.IO;
using System.IO.Pipes;
using System.Linq;
using System.Threading.Tasks;
using RescaleSsh.Agents;
using Xunit;

namespace RescaleSsh.Engine.Tests.Agents
{
    /// <summary>
    /// The Windows pipe transport (OpenSSH's agent pipe, Pageant's) carries the agent framing unchanged. .NET maps a
    /// pipe name to a Unix socket off Windows, so a NamedPipeServerStream plays the agent here.
    /// </summary>
    public class NamedPipeTransportTests
    {
        [Theory]
        [InlineData(@"\\.\pipe\openssh-ssh-agent", "openssh-ssh-agent")]
        [InlineData(@"\\.\PIPE\pageant.alice.abc", "pageant.alice.abc")]
        [InlineData("plain-name", "plain-name")]
        public void The_pipe_prefix_is_optional(string given, string pipeName)
        {
            var transport = new NamedPipeAgentTransport(given);
            Assert.Equal(pipeName, transport.PipeName);
            Assert.Equal(@"\\.\pipe\" + pipeName, transport.Name);
        }

        [Fact]
        public void A_request_and_its_answer_cross_a_pipe_with_the_agent_framing()
        {
            string name = "rse-agent-" + Guid.NewGuid().ToString("N").Substring(0, 8);
            byte[] received = null;
            using var server = new NamedPipeServerStream(name, PipeDirection.InOut, 1, PipeTransmissionMode.Byte, PipeOptions.Asynchronous);
            var serve = Task.Run(() =>
            {
                server.WaitForConnection();
                received = new byte[5];
                int read = 0;
                while (read < 5) read += server.Read(received, read, 5 - read);
                byte[] answer = FakeAgent.Frame(AgentMessages.IdentitiesAnswer((AgentMessages.Ed25519Blob(3), "piped")));
                // In two pieces, as a pipe may deliver it.
                server.Write(answer, 0, 7);
                server.Flush();
                server.Write(answer, 7, answer.Length - 7);
                server.Flush();
            });
            using var client = new AgentClient(new NamedPipeAgentTransport(@"\\.\pipe\" + name), TimeSpan.FromSeconds(10));
            var identity = Assert.Single(client.ListIdentities());
            Assert.True(serve.Wait(TimeSpan.FromSeconds(10)));
            Assert.Equal(new byte[] { 0, 0, 0, 1, 11 }, received);
            Assert.Equal("piped", identity.Comment);
            Assert.Equal("Ed25519", identity.Algorithm);
        }

        [Fact]
        public void A_pipe_nobody_serves_is_AgentNotFound_after_the_timeout()
        {
            using var client = new AgentClient(new NamedPipeAgentTransport("rse-nobody-" + Guid.NewGuid().ToString("N").Substring(0, 8)), TimeSpan.FromMilliseconds(300));
            var e = Assert.Throws<RescaleSshException>(() => client.ListIdentities());
            Assert.Equal("AgentNotFound", e.ErrorId);
        }
    }
}
