using System;
using System.IO;
using System.Threading;

namespace RescaleSsh.Agents
{
    /// <summary>
    /// How to reach one agent: a Unix socket (SSH_AUTH_SOCK) or a Windows named pipe (OpenSSH's agent, Pageant).
    /// Every transport carries the same framing (draft-miller-ssh-agent: uint32 length, then the message).
    /// </summary>
    public interface IAgentTransport
    {
        /// <summary>The socket path or pipe name, as messages show it.</summary>
        string Name { get; }

        /// <summary>
        /// Opens a new connection. Fails with AgentNotFound when nothing is there, AgentUnavailable when something
        /// is there but does not accept, AgentTimedOut after <paramref name="timeout"/>; honours cancellation.
        /// </summary>
        Stream Connect(TimeSpan timeout, CancellationToken cancellationToken);
    }
}
