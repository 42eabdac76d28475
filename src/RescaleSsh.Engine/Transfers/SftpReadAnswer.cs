using System;
using System.Buffers;
using System.Threading;
using Renci.SshNet.Common;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// The answer to one SFTP read request, filled in by SSH.NET's receive thread through the request's own
    /// callbacks (<see cref="SftpRequests.BeginRead"/>): the bytes (in a pooled buffer, empty at end of file) or the
    /// server's error. Waiting costs no thread-pool work: the reader sleeps on this object only when its answer has
    /// not come yet, and the receive thread wakes it directly.
    /// </summary>
    internal sealed class SftpReadAnswer : IMemoryOwner<byte>
    {
        private byte[] _buffer;
        private int _length;
        private Exception _error;
        private bool _done;
        private bool _abandoned;

        public Memory<byte> Memory => _buffer == null ? Memory<byte>.Empty : new Memory<byte>(_buffer, 0, _length);

        /// <summary>SSH_FXP_DATA arrived (on SSH.NET's receive thread).</summary>
        internal static void OnData(SftpReadAnswer answer, ArraySegment<byte> data)
        {
            byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, data.Count));
            Buffer.BlockCopy(data.Array, data.Offset, buffer, 0, data.Count);
            lock (answer)
            {
                if (answer._abandoned)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
                else
                {
                    answer._buffer = buffer;
                    answer._length = data.Count;
                }
                answer._done = true;
                Monitor.Pulse(answer);
            }
        }

        /// <summary>SSH_FXP_STATUS arrived instead of data: end of file (no error) or a failure.</summary>
        internal static void OnStatus(SftpReadAnswer answer, Exception error)
        {
            lock (answer)
            {
                answer._error = error;
                answer._done = true;
                Monitor.Pulse(answer);
            }
        }

        /// <summary>
        /// Waits for the answer and throws the server's error if there was one. <paramref name="connected"/> is
        /// looked at while waiting: a request on a connection that broke is never answered.
        /// </summary>
        public void Wait(Func<bool> connected, CancellationToken cancellation)
        {
            lock (this)
            {
                while (!_done)
                {
                    cancellation.ThrowIfCancellationRequested();
                    if (!connected()) throw new SshConnectionException("The connection to the device was closed while reading.");
                    Monitor.Wait(this, 100);
                }
            }
            if (_error != null) throw _error;
            // A session that closes completes what is pending without data: that is no end of file.
            if (_buffer == null && !connected()) throw new SshConnectionException("The connection to the device was closed while reading.");
        }

        /// <summary>Nobody will read this answer: its buffer goes back to the pool now or when it arrives.</summary>
        public void Abandon()
        {
            lock (this)
            {
                _abandoned = true;
                Dispose();
            }
        }

        public void Dispose()
        {
            byte[] buffer = Interlocked.Exchange(ref _buffer, null);
            if (buffer != null) ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
