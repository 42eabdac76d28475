using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace RescaleSsh.Tests.Transfers
{
    /// <summary>
    /// A TCP proxy in front of sshd that stops forwarding (without closing) once <see cref="StallAfterBytes"/> have
    /// passed upstream, or <see cref="StallDownstreamAfterBytes"/> downstream: a transfer hangs mid-file, as on a
    /// dead link, until the test stops it. <see cref="UpstreamBytesPerSecond"/> slows the upstream direction to a
    /// steady rate instead, as a slow uplink does.
    /// </summary>
    public sealed class StallingProxy : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly int _targetPort;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly ConcurrentBag<TcpClient> _sockets = new ConcurrentBag<TcpClient>();
        private long _upstream;
        private long _downstream;

        public StallingProxy(int targetPort)
        {
            _targetPort = targetPort;
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _ = AcceptLoop();
        }

        public int Port { get; }
        public long StallAfterBytes { get; set; } = long.MaxValue;
        public long StallDownstreamAfterBytes { get; set; } = long.MaxValue;
        public long? UpstreamBytesPerSecond { get; set; }
        public long BytesUpstream => Interlocked.Read(ref _upstream);
        public long BytesDownstream => Interlocked.Read(ref _downstream);

        private async Task AcceptLoop()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try { client = await _listener.AcceptTcpClientAsync(); }
                catch (Exception) { return; }
                var server = new TcpClient();
                try { await server.ConnectAsync(IPAddress.Loopback, _targetPort); }
                catch (Exception) { client.Close(); continue; }
                _sockets.Add(client);
                _sockets.Add(server);
                _ = Pump(client.GetStream(), server.GetStream(), true);
                _ = Pump(server.GetStream(), client.GetStream(), false);
            }
        }

        private async Task Pump(NetworkStream from, NetworkStream to, bool upstream)
        {
            var buffer = new byte[16 * 1024];
            var clock = System.Diagnostics.Stopwatch.StartNew();
            long forwarded = 0;
            try
            {
                while (true)
                {
                    if (upstream ? BytesUpstream >= StallAfterBytes : BytesDownstream >= StallDownstreamAfterBytes)
                    {
                        await Task.Delay(Timeout.Infinite, _stop.Token);
                    }
                    int read = await from.ReadAsync(buffer, 0, buffer.Length, _stop.Token);
                    if (read == 0) break;
                    await to.WriteAsync(buffer, 0, read, _stop.Token);
                    Interlocked.Add(ref upstream ? ref _upstream : ref _downstream, read);
                    forwarded += read;
                    long? rate = UpstreamBytesPerSecond;
                    if (upstream && rate.HasValue)
                    {
                        var due = TimeSpan.FromSeconds((double)forwarded / rate.Value);
                        if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed, _stop.Token);
                    }
                }
            }
            catch (Exception)
            {
                // Stopped or closed.
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            foreach (var socket in _sockets) { try { socket.Close(); } catch (Exception) { } }
        }
    }
}
