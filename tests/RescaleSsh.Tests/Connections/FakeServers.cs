using System;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;

namespace RescaleSsh.Tests.Connections
{
    /// <summary>A loopback TCP listener that is not an SSH server: it answers like a web server, or says nothing at all.</summary>
    public sealed class NotSshServer : IDisposable
    {
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);

        public NotSshServer(bool silent)
        {
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _ = Serve(silent);
        }

        public int Port { get; }

        private int _accepted;

        /// <summary>Connections accepted so far: tests poll it to know that clients are blocked in the handshake.</summary>
        public int Accepted => System.Threading.Volatile.Read(ref _accepted);

        private async Task Serve(bool silent)
        {
            while (true)
            {
                TcpClient client;
                try { client = await _listener.AcceptTcpClientAsync(); } catch (Exception) { return; }
                System.Threading.Interlocked.Increment(ref _accepted);
                if (silent) continue; // keep it open and say nothing
                try
                {
                    var reply = Encoding.ASCII.GetBytes("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                    await client.GetStream().WriteAsync(reply);
                }
                catch (Exception) { }
                client.Close();
            }
        }

        public void Dispose() => _listener.Stop();
    }
}
