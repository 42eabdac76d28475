using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using RescaleSsh.Platform;

namespace RescaleSsh.Agents
{
    /// <summary>An agent listening on a Unix domain socket: OpenSSH's ssh-agent, Unix Pageant, gpg-agent, Windows 10+ AF_UNIX.</summary>
    public sealed class UnixSocketAgentTransport : IAgentTransport
    {
        public UnixSocketAgentTransport(string path)
        {
            if (string.IsNullOrEmpty(path)) throw new ArgumentException("The agent socket path is empty.", nameof(path));
            Name = path;
        }

        public string Name { get; }

        public Stream Connect(TimeSpan timeout, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!File.Exists(Name) && !Directory.Exists(Name))
                throw AgentErrors.NotFound($"no socket at '{Name}'");
            Socket socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                // A local connect answers at once (refused, or queued in the listen backlog); the timeout guards a
                // socket whose listener is wedged with a full backlog.
                using (var timer = new CancellationTokenSource(timeout))
                using (var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, cancellationToken))
                using (linked.Token.Register(socket.Dispose))
                {
                    try
                    {
                        socket.Connect(UnixSocketEndPoint.Create(Name));
                    }
                    catch (Exception e) when (linked.IsCancellationRequested && (e is ObjectDisposedException || e is SocketException))
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        throw AgentErrors.TimedOut(Name, timeout);
                    }
                }
                var stream = new NetworkStream(socket, ownsSocket: true);
                socket = null; // the stream owns it now
                return stream;
            }
            catch (SocketException e)
            {
                if (e.SocketErrorCode == SocketError.AddressNotAvailable || e.SocketErrorCode == SocketError.HostNotFound)
                    throw AgentErrors.NotFound($"no socket at '{Name}'");
                throw AgentErrors.Unavailable(Name, e);
            }
            finally
            {
                socket?.Dispose();
            }
        }
    }
}
