using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace RescaleSsh.Tests.Infrastructure
{
    /// <summary>
    /// A TCP proxy on 127.0.0.1 that makes a loopback sshd look far away: every chunk it reads is held for a
    /// fixed one-way delay before it is forwarded, in each direction independently, so a request and its answer
    /// take one round trip of 2 × the delay. Bandwidth is not capped: the proxy reads as fast as the sender writes
    /// and keeps up to <see cref="MaxBytesInFlight"/> per direction in flight (so a 40 ms round trip still carries
    /// 64 MiB / 20 ms ≈ 3 GB/s), which models a long fat pipe whose TCP windows are large: what limits a transfer
    /// through it is the SSH channel window and the SFTP requests in flight, as on a real WAN link.
    /// The connection to the server is opened one delay after the client's (as the client's SYN would arrive), so
    /// the server's greeting reaches the client one round trip after it connected, as over TCP.
    /// A zero delay forwards at once (pass-through). Dispose closes every connection on both sides.
    /// </summary>
    public sealed class DelayProxy : IDisposable
    {
        /// <summary>Bytes read at most per chunk (measured: 256 KiB costs about half the CPU per byte of 64 KiB); each chunk is copied into a pooled buffer of its own size.</summary>
        public const int ChunkBytes = 256 * 1024;

        private readonly TcpListener _listener;
        private readonly int _targetPort;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly ConcurrentDictionary<int, Link> _links = new ConcurrentDictionary<int, Link>();
        private readonly Task _accepting;
        private int _nextId;
        private int _accepted;
        private long _lateTicks;
        private long _lateChunks;

        public DelayProxy(int targetPort, TimeSpan oneWayDelay, int maxBytesInFlight = 64 * 1024 * 1024)
        {
            if (oneWayDelay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(oneWayDelay));
            if (maxBytesInFlight < ChunkBytes) throw new ArgumentOutOfRangeException(nameof(maxBytesInFlight));
            _targetPort = targetPort;
            OneWayDelay = oneWayDelay;
            MaxBytesInFlight = maxBytesInFlight;
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start(512);
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _accepting = AcceptLoop();
        }

        /// <summary>A proxy adding <paramref name="roundTripMs"/> of round trip (half each way); 0 = pass-through.</summary>
        public static DelayProxy ForRoundTrip(int targetPort, int roundTripMs) =>
            new DelayProxy(targetPort, TimeSpan.FromMilliseconds(roundTripMs / 2.0));

        public int Port { get; }
        public TimeSpan OneWayDelay { get; }
        public int MaxBytesInFlight { get; }
        public int ConnectionsAccepted => Volatile.Read(ref _accepted);
        public int OpenConnections => _links.Count;
        /// <summary>
        /// How much later than due the chunks forwarded so far left, on average: the delay actually added is the
        /// configured one plus this (timer granularity, and a busy machine's scheduling).
        /// </summary>
        public TimeSpan AverageLateness
        {
            get
            {
                long chunks = Interlocked.Read(ref _lateChunks);
                return chunks == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(Interlocked.Read(ref _lateTicks) / (double)Stopwatch.Frequency / chunks);
            }
        }

        public void ResetLateness()
        {
            Interlocked.Exchange(ref _lateTicks, 0);
            Interlocked.Exchange(ref _lateChunks, 0);
        }

        /// <summary>Bytes read and not yet forwarded, over all connections and both directions.</summary>
        public long BytesHeld => _links.Values.Sum(link => link.BytesHeld);

        private async Task AcceptLoop()
        {
            while (!_stop.IsCancellationRequested)
            {
                Socket client;
                try { client = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false); }
                catch (Exception) { return; }
                Interlocked.Increment(ref _accepted);
                var link = new Link(this, client, Interlocked.Increment(ref _nextId));
                _links[link.Id] = link;
                if (_stop.IsCancellationRequested) link.Abort();
                _ = link.Run();
            }
        }

        /// <summary>Cuts the open connection accepted last (with a reset, as a broken link does); false when none is open.</summary>
        public bool AbortNewest()
        {
            var newest = _links.Values.OrderByDescending(link => link.Id).FirstOrDefault();
            newest?.Abort();
            return newest != null;
        }

        /// <summary>Cuts every open connection at once, as a link that goes down does.</summary>
        public void AbortAll()
        {
            foreach (var link in _links.Values) link.Abort();
        }

        public void Dispose()
        {
            if (_stop.IsCancellationRequested) return;
            _stop.Cancel();
            try { _listener.Stop(); } catch (SocketException) { }
            try { _accepting.Wait(TimeSpan.FromSeconds(10)); } catch (AggregateException) { }
            foreach (var link in _links.Values) link.Abort();
            foreach (var link in _links.Values) link.WaitClosed(TimeSpan.FromSeconds(10));
        }

        private static long Now => Stopwatch.GetTimestamp();

        private long DueAfterDelay() => Now + (long)(OneWayDelay.TotalSeconds * Stopwatch.Frequency);

        /// <summary>Waits until the clock reaches <paramref name="due"/>: never early (the delay is a lower bound).</summary>
        private static async Task WaitUntil(long due, CancellationToken cancellation)
        {
            while (true)
            {
                long left = due - Now;
                if (left <= 0) return;
                double ms = Math.Ceiling(left * 1000.0 / Stopwatch.Frequency);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(1, ms)), cancellation).ConfigureAwait(false);
            }
        }

        /// <summary>One proxied connection: two independent delayed pumps, client→server and server→client.</summary>
        private sealed class Link
        {
            private readonly DelayProxy _proxy;
            private readonly Socket _client;
            private readonly Socket _server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            private readonly CancellationTokenSource _abort;
            private readonly TaskCompletionSource<bool> _closed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            private readonly DelayedPipe _upstream;
            private readonly DelayedPipe _downstream;
            private int _aborted;

            public Link(DelayProxy proxy, Socket client, int id)
            {
                _proxy = proxy;
                _client = client;
                Id = id;
                _abort = CancellationTokenSource.CreateLinkedTokenSource(proxy._stop.Token);
                _upstream = new DelayedPipe(proxy.MaxBytesInFlight);
                _downstream = new DelayedPipe(proxy.MaxBytesInFlight);
                _client.NoDelay = true;
                _server.NoDelay = true;
            }

            public int Id { get; }
            public long BytesHeld => _upstream.Bytes + _downstream.Bytes;

            public async Task Run()
            {
                bool clean = false;
                try
                {
                    // Client bytes are read (and their delay starts) while the server connection is still being opened.
                    var readClient = Read(_client, _upstream);
                    await WaitUntil(_proxy.DueAfterDelay(), _abort.Token).ConfigureAwait(false);
                    await _server.ConnectAsync(IPAddress.Loopback, _proxy._targetPort, _abort.Token).ConfigureAwait(false);
                    var pumps = new[]
                    {
                        readClient, Write(_upstream, _server),
                        Read(_server, _downstream), Write(_downstream, _client),
                    };
                    // A failed pump (reset, cancelled) takes the whole link down; a clean end waits for the other direction.
                    while (true)
                    {
                        var done = await Task.WhenAny(pumps).ConfigureAwait(false);
                        if (done.IsFaulted || done.IsCanceled) { Abort(); break; }
                        if (Array.TrueForAll(pumps, p => p.IsCompleted)) break;
                        pumps = Array.FindAll(pumps, p => !p.IsCompleted);
                    }
                    await Task.WhenAll(pumps).ConfigureAwait(false);
                    clean = true;
                }
                catch (Exception)
                {
                    // Refused by the server, a reset, or shutdown: both sides are closed below.
                }
                finally
                {
                    // Both ends already shut down their sending side: a clean end closes without a reset, so nothing still in a send buffer is lost.
                    if (clean) CloseGracefully();
                    else Abort();
                    _proxy._links.TryRemove(Id, out _);
                    _abort.Dispose();
                    _closed.TrySetResult(true);
                }
            }

            /// <summary>Reads as fast as the sender writes, stamping each chunk with the time it may leave.</summary>
            private async Task Read(Socket from, DelayedPipe pipe)
            {
                var buffer = new byte[ChunkBytes];
                try
                {
                    while (true)
                    {
                        await pipe.WaitForRoom(_abort.Token).ConfigureAwait(false);
                        int read = await from.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, _abort.Token).ConfigureAwait(false);
                        long due = _proxy.DueAfterDelay();
                        if (read == 0)
                        {
                            pipe.Add(new Chunk(null, 0, due));
                            pipe.Complete(null);
                            return;
                        }
                        var copy = ArrayPool<byte>.Shared.Rent(read);
                        Buffer.BlockCopy(buffer, 0, copy, 0, read);
                        pipe.Add(new Chunk(copy, read, due));
                    }
                }
                catch (Exception ex)
                {
                    pipe.Complete(ex);
                    throw;
                }
            }

            /// <summary>Forwards each chunk, in order, once its delay is over; the sender's end of stream is delayed too.</summary>
            private async Task Write(DelayedPipe pipe, Socket to)
            {
                try
                {
                    await foreach (var chunk in pipe.Chunks(_abort.Token).ConfigureAwait(false))
                    {
                        try
                        {
                            await WaitUntil(chunk.Due, _abort.Token).ConfigureAwait(false);
                            Interlocked.Add(ref _proxy._lateTicks, Now - chunk.Due);
                            Interlocked.Increment(ref _proxy._lateChunks);
                            if (chunk.Buffer == null)
                            {
                                to.Shutdown(SocketShutdown.Send);
                                continue;
                            }
                            for (int sent = 0; sent < chunk.Count;)
                            {
                                sent += await to.SendAsync(chunk.Buffer.AsMemory(sent, chunk.Count - sent), SocketFlags.None, _abort.Token).ConfigureAwait(false);
                            }
                        }
                        finally
                        {
                            pipe.Remove(chunk);
                        }
                    }
                }
                finally
                {
                    pipe.Drain();
                }
            }

            /// <summary>Closes both sides at once (with a reset, as a cut link does) and stops both pumps.</summary>
            public void Abort()
            {
                if (Interlocked.Exchange(ref _aborted, 1) != 0) return;
                try { _abort.Cancel(); } catch (ObjectDisposedException) { }
                Close(_client);
                Close(_server);
            }

            private void CloseGracefully()
            {
                if (Interlocked.Exchange(ref _aborted, 1) != 0) return;
                try { _client.Close(); } catch (Exception) { }
                try { _server.Close(); } catch (Exception) { }
            }

            public void WaitClosed(TimeSpan timeout) => _closed.Task.Wait(timeout);

            private static void Close(Socket socket)
            {
                try { socket.LingerState = new LingerOption(true, 0); } catch (Exception) { }
                try { socket.Close(); } catch (Exception) { }
            }
        }

        /// <summary>
        /// The chunks of one direction in flight, in order, holding at most a byte budget: the reader waits for room
        /// before it reads more, so memory stays bounded whatever the chunk sizes.
        /// </summary>
        private sealed class DelayedPipe
        {
            private readonly Channel<Chunk> _chunks = Channel.CreateUnbounded<Chunk>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
            private readonly long _budget;
            private long _bytes;
            private TaskCompletionSource<bool> _room;

            public DelayedPipe(long budget)
            {
                _budget = budget;
            }

            public long Bytes => Interlocked.Read(ref _bytes);

            public async Task WaitForRoom(CancellationToken cancellation)
            {
                while (Interlocked.Read(ref _bytes) >= _budget)
                {
                    var room = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                    Volatile.Write(ref _room, room);
                    if (Interlocked.Read(ref _bytes) < _budget) break;
                    await room.Task.WaitAsync(cancellation).ConfigureAwait(false);
                }
            }

            public void Add(Chunk chunk)
            {
                Interlocked.Add(ref _bytes, chunk.Count);
                if (!_chunks.Writer.TryWrite(chunk) && chunk.Buffer != null) ArrayPool<byte>.Shared.Return(chunk.Buffer);
            }

            public void Complete(Exception error) => _chunks.Writer.TryComplete(error);

            public IAsyncEnumerable<Chunk> Chunks(CancellationToken cancellation) => _chunks.Reader.ReadAllAsync(cancellation);

            /// <summary>Gives a forwarded chunk's buffer back and its bytes to the budget.</summary>
            public void Remove(Chunk chunk)
            {
                if (chunk.Buffer != null) ArrayPool<byte>.Shared.Return(chunk.Buffer);
                if (Interlocked.Add(ref _bytes, -chunk.Count) < _budget) Interlocked.Exchange(ref _room, null)?.TrySetResult(true);
            }

            /// <summary>After a failure: the chunks never forwarded go back to the pool.</summary>
            public void Drain()
            {
                while (_chunks.Reader.TryRead(out var left)) Remove(left);
            }
        }

        private readonly struct Chunk
        {
            public Chunk(byte[] buffer, int count, long due)
            {
                Buffer = buffer;
                Count = count;
                Due = due;
            }

            /// <summary>Null marks the sender's end of stream.</summary>
            public byte[] Buffer { get; }
            public int Count { get; }
            public long Due { get; }
        }
    }
}
