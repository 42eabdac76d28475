using System.IO;
using System.Net.Sockets;

namespace RescaleSsh.Engine.Tests.Infrastructure
{
    /// <summary>
    /// Whether an agent takes connections on its socket. The socket file exists from bind(), a moment before listen():
    /// a client connecting in between is refused, so a test waits for this, not for the file. (Also compiled into
    /// RescaleSsh.Tests.)
    /// </summary>
    public static class AgentSocket
    {
        public static bool Listening(string socketPath)
        {
            if (!File.Exists(socketPath)) return false;
            using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                probe.Connect(new UnixDomainSocketEndPoint(socketPath));
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }
    }
}
