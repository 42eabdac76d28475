using System.Collections.Generic;
using RescaleSsh.Agents;
using Xunit;

namespace RescaleSsh.Engine.Tests.Agents
{
    /// <summary>Which agent is chosen: -AgentPath, then SSH_AUTH_SOCK, then (Windows) the OpenSSH pipe, then Pageant's pipe.</summary>
    public class AgentLocatorTests
    {
        private const string Pageant = @"\\.\pipe\pageant.alice.0123";

        private static AgentLocator Locator(string authSock, bool windows, params string[] pipes)
        {
            var existing = new HashSet<string>(pipes);
            return new AgentLocator(name => name == "SSH_AUTH_SOCK" ? authSock : null, windows, existing.Contains, () => Pageant);
        }

        [Fact]
        public void An_explicit_socket_path_wins_over_everything()
        {
            var t = Locator("/tmp/env.sock", true, AgentLocator.OpenSshPipe, Pageant).Locate("/home/me/agent.sock");
            Assert.IsType<UnixSocketAgentTransport>(t);
            Assert.Equal("/home/me/agent.sock", t.Name);
        }

        [Fact]
        public void An_explicit_pipe_path_is_a_pipe()
        {
            var t = Locator(null, true).Locate(Pageant);
            Assert.IsType<NamedPipeAgentTransport>(t);
            Assert.Equal(Pageant, t.Name);
        }

        [Fact]
        public void SSH_AUTH_SOCK_comes_before_the_Windows_pipes()
        {
            Assert.Equal("/tmp/env.sock", Locator("/tmp/env.sock", true, AgentLocator.OpenSshPipe, Pageant).Locate().Name);
        }

        [Fact]
        public void The_IdentityAgent_value_SSH_AUTH_SOCK_means_the_variable()
        {
            Assert.Equal("/tmp/env.sock", Locator("/tmp/env.sock", false).Locate("SSH_AUTH_SOCK").Name);
            Assert.Equal("AgentNotFound", Assert.Throws<RescaleSshException>(() => Locator(null, true, AgentLocator.OpenSshPipe).Locate("SSH_AUTH_SOCK")).ErrorId);
        }

        [Fact]
        public void A_pipe_in_SSH_AUTH_SOCK_is_a_pipe()
        {
            Assert.IsType<NamedPipeAgentTransport>(Locator(AgentLocator.OpenSshPipe, true).Locate());
        }

        [Fact]
        public void On_Windows_the_OpenSSH_pipe_comes_before_Pageant()
        {
            Assert.Equal(AgentLocator.OpenSshPipe, Locator(null, true, AgentLocator.OpenSshPipe, Pageant).Locate().Name);
            Assert.Equal(Pageant, Locator(null, true, Pageant).Locate().Name);
        }

        [Fact]
        public void No_agent_anywhere_is_AgentNotFound_saying_what_was_tried()
        {
            var windows = Assert.Throws<RescaleSshException>(() => Locator(null, true).Locate());
            Assert.Equal("AgentNotFound", windows.ErrorId);
            Assert.Equal(FailureCategory.ObjectNotFound, windows.Category);
            Assert.Contains("Pageant", windows.Message);
            var unix = Assert.Throws<RescaleSshException>(() => Locator("", false).Locate());
            Assert.Contains("SSH_AUTH_SOCK is not set", unix.Message);
        }
    }
}
