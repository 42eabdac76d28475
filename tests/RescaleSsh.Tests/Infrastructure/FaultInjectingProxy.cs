using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace RescaleSsh.Tests.Infrastructure
{
    /// <summary>
    /// A TCP proxy on 127.0.0.1 in front of a test sshd that can cut connections: after a number of bytes in
    /// either direction (<see cref="CutAfterBytes"/>), or at once (<see cref="CutAll"/>). It counts the bytes it
    /// forwarded each way, so a test can tell how much a resumed transfer sent.
    /// </summary>
    public sealed class FaultInjectingProxy : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly int _targetPort;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly ConcurrentDictionary<int, (TcpClient Client, TcpClient Server)> _open = new();
        private int _nextId;
        private long _clientToServer;
        private long _serverToClient;
        private int _connectionsCut;

        public FaultInjectingProxy(int targetPort)
        {
            _targetPort = targetPort;
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _ = AcceptLoop();
        }

        public int Port { get; }

        /// <summary>Cut every connection once this many bytes (both directions together) have passed since the last reset; null = never.</summary>
        public long? CutAfterBytes { get; set; }

        public long BytesClientToServer => Interlocked.Read(ref _clientToServer);
        public long BytesServerToClient => Interlocked.Read(ref _serverToClient);
        public long TotalBytes => BytesClientToServer + BytesServerToClient;
        public int ConnectionsCut => Volatile.Read(ref _connectionsCut);

        public void ResetCounters()
        {
            Interlocked.Exchange(ref _clientToServer, 0);
            Interlocked.Exchange(ref _serverToClient, 0);
        }

        /// <summary>Drops every open connection now, as a network failure would.</summary>
        public void CutAll()
        {
            // Counted before the sockets close: the client sees the cut at once and a test may read the count the moment its command returns.
            Interlocked.Increment(ref _connectionsCut);
            foreach (var pair in _open.Values)
            {
                Abort(pair.Client);
                Abort(pair.Server);
            }
            _open.Clear();
        }

        private static void Abort(TcpClient client)
        {
            try { client.Client.LingerState = new LingerOption(true, 0); } catch (Exception) { }
            try { client.Close(); } catch (Exception) { }
        }

        private async Task AcceptLoop()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try { client = await _listener.AcceptTcpClientAsync(); }
                catch (Exception) { return; }
                var server = new TcpClient();
                try { await server.ConnectAsync(IPAddress.Loopback, _targetPort); }
                catch (Exception) { Abort(client); continue; }
                client.NoDelay = server.NoDelay = true;
                int id = Interlocked.Increment(ref _nextId);
                _open[id] = (client, server);
                _ = Pump(client.GetStream(), server.GetStream(), true, id);
                _ = Pump(server.GetStream(), client.GetStream(), false, id);
            }
        }

        private async Task Pump(NetworkStream from, NetworkStream to, bool upstream, int id)
        {
            var buffer = new byte[64 * 1024];
            try
            {
                while (true)
                {
                    int max = buffer.Length;
                    if (CutAfterBytes is long limit)
                    {
                        long left = limit - TotalBytes;
                        if (left <= 0) { CutAll(); return; }
                        max = (int)Math.Min(max, left);
                    }
                    int read = await from.ReadAsync(buffer, 0, max, _stop.Token);
                    if (read == 0) break;
                    await to.WriteAsync(buffer, 0, read, _stop.Token);
                    if (upstream) Interlocked.Add(ref _clientToServer, read);
                    else Interlocked.Add(ref _serverToClient, read);
                }
            }
            catch (Exception)
            {
                // A cut or a closed peer: close both sides below.
            }
            if (_open.TryRemove(id, out var pair))
            {
                Abort(pair.Client);
                Abort(pair.Server);
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            CutAll();
        }
    }
}
