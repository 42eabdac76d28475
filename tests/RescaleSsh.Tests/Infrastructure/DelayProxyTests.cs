using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace RescaleSsh.Tests.Infrastructure
{
    /// <summary>
    /// The WAN benchmark's delay proxy: bytes pass intact and in order both ways at once, every chunk is held at
    /// least the one-way delay (lower bounds only: the machine is shared, so nothing here bounds a time from above),
    /// end of stream passes through, and Dispose closes both sides.
    /// </summary>
    public class DelayProxyTests
    {
        private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

        [Theory]
        [InlineData(0)]
        [InlineData(20)]
        public async Task Bytes_arrive_intact_and_in_order_in_both_directions_at_once(int oneWayMs)
        {
            using var server = new TestServer();
            using var proxy = new DelayProxy(server.Port, TimeSpan.FromMilliseconds(oneWayMs));
            using var timeout = new CancellationTokenSource(Bound);
            using var client = await Connect(proxy.Port, timeout.Token);
            using var accepted = await server.Accept(timeout.Token);
            byte[] up = RandomBytes(8 << 20, seed: 1);
            byte[] down = RandomBytes(8 << 20, seed: 2);

            var sendUp = SendInPieces(client, up, seed: 3, timeout.Token);
            var sendDown = SendInPieces(accepted, down, seed: 4, timeout.Token);
            var receivedUp = ReceiveExactly(accepted, up.Length, timeout.Token);
            var receivedDown = ReceiveExactly(client, down.Length, timeout.Token);
            await Task.WhenAll(sendUp, sendDown, receivedUp, receivedDown);

            byte[] atServer = await receivedUp;
            byte[] atClient = await receivedDown;
            Assert.True(up.AsSpan().SequenceEqual(atServer), "client → server bytes differ");
            Assert.True(down.AsSpan().SequenceEqual(atClient), "server → client bytes differ");
        }

        [Fact]
        public async Task Every_message_is_delayed_at_least_the_one_way_time_in_each_direction()
        {
            var oneWay = TimeSpan.FromMilliseconds(30);
            using var server = new TestServer();
            using var proxy = new DelayProxy(server.Port, oneWay);
            using var timeout = new CancellationTokenSource(Bound);
            using var client = await Connect(proxy.Port, timeout.Token);
            using var accepted = await server.Accept(timeout.Token);
            var message = new byte[1000];

            for (int i = 0; i < 10; i++)
            {
                message[0] = (byte)i;
                long sent = Stopwatch.GetTimestamp();
                await client.SendAsync(message, SocketFlags.None, timeout.Token);
                byte[] arrived = await ReceiveExactly(accepted, message.Length, timeout.Token);
                var up = Stopwatch.GetElapsedTime(sent);
                await accepted.SendAsync(arrived, SocketFlags.None, timeout.Token);
                byte[] echoed = await ReceiveExactly(client, message.Length, timeout.Token);
                var roundTrip = Stopwatch.GetElapsedTime(sent);

                Assert.Equal(i, echoed[0]);
                Assert.True(up >= oneWay, $"message {i} reached the server after {up.TotalMilliseconds:0.0} ms, less than {oneWay.TotalMilliseconds} ms");
                Assert.True(roundTrip >= 2 * oneWay, $"message {i} came back after {roundTrip.TotalMilliseconds:0.0} ms, less than {2 * oneWay.TotalMilliseconds} ms");
            }
        }

        [Fact]
        public async Task The_servers_greeting_reaches_the_client_at_least_one_round_trip_after_it_connected()
        {
            var oneWay = TimeSpan.FromMilliseconds(30);
            using var server = new TestServer();
            using var proxy = new DelayProxy(server.Port, oneWay);
            using var timeout = new CancellationTokenSource(Bound);
            long connecting = Stopwatch.GetTimestamp();
            using var client = await Connect(proxy.Port, timeout.Token);
            using var accepted = await server.Accept(timeout.Token);
            await accepted.SendAsync(Encoding.ASCII.GetBytes("SSH-2.0-greeting\r\n"), SocketFlags.None, timeout.Token);

            byte[] greeting = await ReceiveExactly(client, 18, timeout.Token);
            var elapsed = Stopwatch.GetElapsedTime(connecting);

            Assert.Equal("SSH-2.0-greeting\r\n", Encoding.ASCII.GetString(greeting));
            Assert.True(elapsed >= 2 * oneWay, $"the greeting arrived {elapsed.TotalMilliseconds:0.0} ms after connecting, less than one round trip");
        }

        [Fact]
        public async Task End_of_stream_follows_the_data_and_the_other_direction_keeps_working()
        {
            using var server = new TestServer();
            using var proxy = new DelayProxy(server.Port, TimeSpan.FromMilliseconds(10));
            using var timeout = new CancellationTokenSource(Bound);
            using var client = await Connect(proxy.Port, timeout.Token);
            using var accepted = await server.Accept(timeout.Token);
            byte[] request = RandomBytes(300_000, seed: 5);

            await client.SendAsync(request, SocketFlags.None, timeout.Token);
            client.Shutdown(SocketShutdown.Send);
            byte[] received = await ReceiveToEnd(accepted, timeout.Token);
            byte[] reply = Encoding.ASCII.GetBytes("got " + received.Length);
            await accepted.SendAsync(reply, SocketFlags.None, timeout.Token);
            accepted.Shutdown(SocketShutdown.Send);
            byte[] answer = await ReceiveToEnd(client, timeout.Token);

            Assert.True(request.AsSpan().SequenceEqual(received));
            Assert.Equal("got 300000", Encoding.ASCII.GetString(answer));
            await PollUntil(() => proxy.OpenConnections == 0, timeout.Token);
        }

        [Fact]
        public async Task A_receiver_that_stops_reading_holds_the_proxy_to_its_byte_budget()
        {
            const int Budget = 1 << 20;
            using var server = new TestServer();
            using var proxy = new DelayProxy(server.Port, TimeSpan.FromMilliseconds(5), Budget);
            using var timeout = new CancellationTokenSource(Bound);
            using var client = await Connect(proxy.Port, timeout.Token);
            using var accepted = await server.Accept(timeout.Token);
            var sending = SendInPieces(client, new byte[256 << 20], seed: 7, timeout.Token);

            await PollUntil(() => proxy.BytesHeld >= Budget, timeout.Token);
            for (int i = 0; i < 20; i++)
            {
                Assert.InRange(proxy.BytesHeld, 0, Budget + DelayProxy.ChunkBytes);
                await Task.Yield();
            }

            Assert.False(sending.IsCompleted, "256 MiB went into a proxy whose receiver reads nothing");
            proxy.Dispose();
            await Assert.ThrowsAnyAsync<Exception>(() => sending);
        }

        [Fact]
        public async Task Dispose_closes_both_sides_of_every_connection()
        {
            using var server = new TestServer();
            var proxy = new DelayProxy(server.Port, TimeSpan.FromMilliseconds(10));
            using var timeout = new CancellationTokenSource(Bound);
            using var client = await Connect(proxy.Port, timeout.Token);
            using var accepted = await server.Accept(timeout.Token);
            await client.SendAsync(new byte[] { 42 }, SocketFlags.None, timeout.Token);
            Assert.Equal(42, (await ReceiveExactly(accepted, 1, timeout.Token))[0]);
            Assert.Equal(1, proxy.OpenConnections);

            proxy.Dispose();

            Assert.True(await IsClosed(client, timeout.Token), "the client side is still open");
            Assert.True(await IsClosed(accepted, timeout.Token), "the server side is still open");
            Assert.Equal(0, proxy.OpenConnections);
            Assert.Throws<SocketException>(() =>
            {
                using var late = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                late.Connect(IPAddress.Loopback, proxy.Port);
            });
        }

        [Fact]
        public async Task A_server_that_refuses_the_connection_closes_the_client()
        {
            using var proxy = new DelayProxy(SshServer.FreePort(), TimeSpan.FromMilliseconds(5));
            using var timeout = new CancellationTokenSource(Bound);
            using var client = await Connect(proxy.Port, timeout.Token);

            Assert.True(await IsClosed(client, timeout.Token));
            await PollUntil(() => proxy.OpenConnections == 0, timeout.Token);
        }

        [Fact]
        public void A_real_ssh_session_through_a_40_ms_round_trip_carries_its_bytes_both_ways()
        {
            using var sshd = SshServer.Start();
            using var proxy = DelayProxy.ForRoundTrip(sshd.Port, 40);
            string key = Path.Combine(sshd.ClientFolder, "id");
            ExternalTool.Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key).EnsureSuccess("ssh-keygen");
            sshd.AuthorizeKey(File.ReadAllText(key + ".pub"));
            string knownHosts = Path.Combine(sshd.ClientFolder, "known_hosts");
            File.WriteAllText(knownHosts, $"[127.0.0.1]:{proxy.Port} {sshd.HostKeyPublicLine}\n");
            string input = string.Join("\n", RandomBytes(3 << 20, seed: 6).Chunk(57).Select(Convert.ToBase64String)) + "\n";

            var result = ExternalTool.Run("ssh", new[]
            {
                "-F", "/dev/null", "-p", proxy.Port.ToString(), "-i", key, "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
                "-o", "UserKnownHostsFile=" + knownHosts, "-o", "GlobalKnownHostsFile=/dev/null", sshd.UserName + "@127.0.0.1", "cat",
            }, input, 120);

            result.EnsureSuccess("ssh cat through the delay proxy");
            Assert.Equal(input, result.StdOut);
            Assert.True(proxy.ConnectionsAccepted >= 1);
        }

        private static async Task<Socket> Connect(int port, CancellationToken cancellation)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(IPAddress.Loopback, port, cancellation);
            return socket;
        }

        private static byte[] RandomBytes(int length, int seed)
        {
            var bytes = new byte[length];
            new Random(seed).NextBytes(bytes);
            return bytes;
        }

        /// <summary>Sends in pieces of random sizes, so that chunk boundaries fall everywhere.</summary>
        private static async Task SendInPieces(Socket socket, byte[] data, int seed, CancellationToken cancellation)
        {
            var random = new Random(seed);
            for (int at = 0; at < data.Length;)
            {
                int size = Math.Min(data.Length - at, random.Next(1, 200_000));
                at += await socket.SendAsync(data.AsMemory(at, size), SocketFlags.None, cancellation);
            }
        }

        private static async Task<byte[]> ReceiveExactly(Socket socket, int length, CancellationToken cancellation)
        {
            var data = new byte[length];
            for (int at = 0; at < length;)
            {
                int read = await socket.ReceiveAsync(data.AsMemory(at), SocketFlags.None, cancellation);
                if (read == 0) throw new EndOfStreamException($"closed after {at} of {length} bytes");
                at += read;
            }
            return data;
        }

        private static async Task<byte[]> ReceiveToEnd(Socket socket, CancellationToken cancellation)
        {
            using var all = new MemoryStream();
            var buffer = new byte[65536];
            int read;
            while ((read = await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, cancellation)) > 0) all.Write(buffer, 0, read);
            return all.ToArray();
        }

        /// <summary>True when the peer closed: a read ends the stream or is reset (it waits at most until <paramref name="cancellation"/>).</summary>
        private static async Task<bool> IsClosed(Socket socket, CancellationToken cancellation)
        {
            var buffer = new byte[16];
            try
            {
                while (true)
                {
                    if (await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, cancellation) == 0) return true;
                }
            }
            catch (SocketException)
            {
                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        private static async Task PollUntil(Func<bool> condition, CancellationToken cancellation)
        {
            while (!condition())
            {
                await Task.Delay(10, cancellation);
            }
        }

        /// <summary>A plain TCP listener standing in for the server behind the proxy.</summary>
        private sealed class TestServer : IDisposable
        {
            private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);

            public TestServer()
            {
                _listener.Start();
                Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            }

            public int Port { get; }

            public async Task<Socket> Accept(CancellationToken cancellation)
            {
                var socket = await _listener.AcceptSocketAsync(cancellation);
                socket.NoDelay = true;
                return socket;
            }

            public void Dispose() => _listener.Stop();
        }
    }
}
