using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace RescaleSsh.Tests.Connections
{
    /// <summary>
    /// One host:port in front of two real sshd with different host keys: the first connection goes to the first port,
    /// every later one to the second, as when one of two connections to a device is intercepted. The first connection is
    /// held (nothing forwarded, for at most 20 s) until the second has arrived, so that both clients are past their start
    /// (known_hosts read, host unknown) before either can finish a login and record a key.
    /// </summary>
    public sealed class AlternatingProxy : IDisposable
    {
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly int _firstPort;
        private readonly int _laterPort;
        private readonly TaskCompletionSource _secondArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly ConcurrentBag<TcpClient> _open = new ConcurrentBag<TcpClient>();
        private int _accepted;

        public AlternatingProxy(int firstPort, int laterPort)
        {
            _firstPort = firstPort;
            _laterPort = laterPort;
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _ = AcceptLoop();
        }

        public int Port { get; }

        public int Accepted => Volatile.Read(ref _accepted);

        private async Task AcceptLoop()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
                catch (Exception) { return; }
                int number = Interlocked.Increment(ref _accepted);
                if (number == 2) _secondArrived.TrySetResult();
                _ = Forward(client, number == 1);
            }
        }

        private async Task Forward(TcpClient client, bool first)
        {
            _open.Add(client);
            if (first) await Task.WhenAny(_secondArrived.Task, Task.Delay(TimeSpan.FromSeconds(20), _stop.Token)).ConfigureAwait(false);
            var server = new TcpClient();
            _open.Add(server);
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, first ? _firstPort : _laterPort, _stop.Token);
                client.NoDelay = server.NoDelay = true;
                await Task.WhenAny(Pump(client.GetStream(), server.GetStream()), Pump(server.GetStream(), client.GetStream()));
            }
            catch (Exception)
            {
                // The proxy is closing, or a side went away: close both.
            }
            client.Close();
            server.Close();
        }

        private async Task Pump(NetworkStream from, NetworkStream to)
        {
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0) await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            foreach (var c in _open) c.Close();
        }
    }
}
