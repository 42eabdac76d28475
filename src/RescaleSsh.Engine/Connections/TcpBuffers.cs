using System;
using System.Net.Sockets;
using System.Reflection;
using Renci.SshNet;

namespace RescaleSsh.Connections
{
    /// <summary>
    /// Gives a connected client's TCP socket buffers that can hold a long link's bandwidth-delay product. SSH.NET sets
    /// both to 137,072 bytes when it connects (ConnectAsync), which turns the operating system's automatic tuning off:
    /// at most that much is then in flight each way, whatever the SSH windows allow (about 3.4 MB/s per connection at a
    /// 40 ms round trip on Windows, twice that on Linux, which doubles the value). <see cref="Bytes"/> lets 8 MiB be in
    /// flight (100 MB/s at 80 ms); Linux clamps it to net.core.rmem_max / wmem_max. The pinned SSH.NET's socket is
    /// reached by reflection; with another SSH.NET nothing changes.
    /// </summary>
    internal static class TcpBuffers
    {
        public const int Bytes = 8 * 1024 * 1024;

        private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;

        public static void Widen(BaseClient client)
        {
            try
            {
                var session = typeof(BaseClient).GetProperty("Session", Instance)?.GetValue(client);
                if (!(session?.GetType().GetField("_socket", Instance)?.GetValue(session) is Socket socket)) return;
                if (socket.ReceiveBufferSize < Bytes) socket.ReceiveBufferSize = Bytes;
                if (socket.SendBufferSize < Bytes) socket.SendBufferSize = Bytes;
            }
            catch (Exception ex) when (ex is SocketException || ex is ObjectDisposedException || ex is TargetInvocationException)
            {
                // The socket closed meanwhile, or the system refused the size: the copy still works, only slower over a long link.
            }
        }
    }
}
