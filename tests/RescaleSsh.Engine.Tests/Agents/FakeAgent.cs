using System;
using System.Collections.Concurrent;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace RescaleSsh.Engine.Tests.Agents
{
    /// <summary>
    /// A scripted peer on a Unix socket that plays a broken or hostile agent: the script gets each accepted
    /// connection's stream and the first request it read, and answers as it likes (garbage, huge lengths, one byte at
    /// a time, silence). Counts connections and requests. Dispose closes everything, which ends a silent script.
    /// </summary>
    public sealed class FakeAgent : IDisposable
    {
        private readonly Socket _listener;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly ConcurrentBag<Socket> _accepted = new ConcurrentBag<Socket>();
        private int _connections;
        private int _requests;

        public string SocketPath { get; }
        public int Connections => _connections;
        public int Requests => _requests;

        /// <param name="script">Called for every request: the connection's stream, the request (type and body), the request's number on this connection.</param>
        public FakeAgent(string socketPath, Action<Stream, byte[], int> script)
        {
            SocketPath = socketPath;
            _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            _listener.Bind(new UnixDomainSocketEndPoint(socketPath));
            _listener.Listen(16);
            Task.Run(() => AcceptLoop(script));
        }

        private async Task AcceptLoop(Action<Stream, byte[], int> script)
        {
            while (!_stop.IsCancellationRequested)
            {
                Socket socket;
                try { socket = await _listener.AcceptAsync(_stop.Token); }
                catch (Exception) { return; }
                _accepted.Add(socket);
                Interlocked.Increment(ref _connections);
                // A thread of its own: a script that blocks must not starve the thread pool the client also uses.
                new Thread(() => Serve(socket, script)) { IsBackground = true }.Start();
            }
        }

        private void Serve(Socket socket, Action<Stream, byte[], int> script)
        {
            using var stream = new NetworkStream(socket, ownsSocket: true);
            try
            {
                for (int n = 0; n < 10_000 && !_stop.IsCancellationRequested; n++)
                {
                    var header = new byte[4];
                    if (!ReadExactly(stream, header)) return;
                    int length = header[0] << 24 | header[1] << 16 | header[2] << 8 | header[3];
                    var body = new byte[length];
                    if (!ReadExactly(stream, body)) return;
                    Interlocked.Increment(ref _requests);
                    script(stream, body, n);
                }
            }
            catch (IOException) { }
            catch (ObjectDisposedException) { }
        }

        private static bool ReadExactly(Stream stream, byte[] buffer)
        {
            int done = 0;
            while (done < buffer.Length)
            {
                int read = stream.Read(buffer, done, buffer.Length - done);
                if (read == 0) return false;
                done += read;
            }
            return true;
        }

        /// <summary>Blocks a script until the fake is disposed (an agent that never answers), at most a minute.</summary>
        public void WaitUntilDisposed() => _stop.Token.WaitHandle.WaitOne(TimeSpan.FromSeconds(60));

        public static byte[] Frame(params byte[] body)
        {
            var frame = new byte[4 + body.Length];
            frame[0] = (byte)(body.Length >> 24);
            frame[1] = (byte)(body.Length >> 16);
            frame[2] = (byte)(body.Length >> 8);
            frame[3] = (byte)body.Length;
            body.CopyTo(frame, 4);
            return frame;
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Dispose();
            foreach (var s in _accepted) { try { s.Dispose(); } catch (ObjectDisposedException) { } }
            try { File.Delete(SocketPath); } catch (IOException) { }
        }
    }
}
