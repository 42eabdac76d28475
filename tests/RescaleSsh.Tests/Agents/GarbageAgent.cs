using System;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace RescaleSsh.Tests.Agents
{
    /// <summary>
    /// Something on a Unix socket that is not an SSH agent: it reads whatever comes and answers each read with the
    /// same bytes (an HTTP status line by default), or, with <c>answer</c> null, closes every connection at once.
    /// Serves on threads of its own; Dispose closes the socket and every connection.
    /// </summary>
    public sealed class GarbageAgent : IDisposable
    {
        private readonly Socket _listener;
        private readonly byte[] _answer;
        private volatile bool _stopped;

        public string SocketPath { get; }

        public GarbageAgent(string socketPath, string answer = "HTTP/1.1 400 Bad Request\r\n\r\n")
        {
            SocketPath = socketPath;
            _answer = answer == null ? null : Encoding.ASCII.GetBytes(answer);
            _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            _listener.Bind(new UnixDomainSocketEndPoint(socketPath));
            _listener.Listen(16);
            new Thread(Accept) { IsBackground = true, Name = "garbage agent" }.Start();
        }

        private void Accept()
        {
            while (!_stopped)
            {
                Socket socket;
                try { socket = _listener.Accept(); }
                catch (Exception e) when (e is SocketException || e is ObjectDisposedException) { return; }
                new Thread(() => Serve(socket)) { IsBackground = true }.Start();
            }
        }

        private void Serve(Socket socket)
        {
            using (socket)
            {
                if (_answer == null) return;
                var buffer = new byte[4096];
                try
                {
                    for (int i = 0; i < 1000 && !_stopped && socket.Receive(buffer) > 0; i++) socket.Send(_answer);
                }
                catch (SocketException) { }
                catch (ObjectDisposedException) { }
            }
        }

        public void Dispose()
        {
            _stopped = true;
            _listener.Dispose();
        }
    }
}
