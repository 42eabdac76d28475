using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// Writes a range of a local file into an open remote handle at the same offsets, with many SSH_FXP_WRITE requests
    /// in flight (as <see cref="SftpReadPipeline"/> does for reads): SftpFileStream waits for each write's answer before
    /// the next, one round trip per 64 KiB. Every answer is checked; a source that ends early stops the copy with
    /// <see cref="SourceChangedException"/>. What is in flight is bounded by the SSH channel's window anyway (sending blocks).
    /// </summary>
    internal static class SftpWritePipeline
    {
        public const int WritesInFlight = 64;

        public static void Write(SftpRequests requests, byte[] handle, string localPath, long from, long to, long fileLength, Action<long> progress,
            CancellationToken cancellation)
        {
            int chunk = (int)requests.WriteLength(handle);
            var pending = new Queue<Pending>();
            using (var local = new FileStream(localPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan))
            {
                local.Seek(from, SeekOrigin.Begin);
                long at = from;
                try
                {
                    while (at < to || pending.Count > 0)
                    {
                        while (pending.Count < WritesInFlight && at < to)
                        {
                            cancellation.ThrowIfCancellationRequested();
                            int wanted = (int)Math.Min(chunk, to - at);
                            byte[] buffer = ArrayPool<byte>.Shared.Rent(chunk);
                            int length = ReadFully(local, buffer, wanted);
                            if (length < wanted)
                            {
                                ArrayPool<byte>.Shared.Return(buffer);
                                throw SourceChangedException.EndedAt(at + length, fileLength);
                            }
                            pending.Enqueue(new Pending(requests.BeginWrite(handle, at, buffer, 0, length), buffer, length));
                            at += length;
                        }
                        var written = pending.Dequeue();
                        requests.WaitFor(cancellation, written.Answer);
                        ArrayPool<byte>.Shared.Return(written.Buffer);
                        progress(written.Length);
                    }
                }
                finally
                {
                    // Answers still pending after a failure are left to the session; their buffers to the collector.
                    pending.Clear();
                }
            }
        }

        private static int ReadFully(FileStream stream, byte[] buffer, int wanted)
        {
            int length = 0, read;
            while (length < wanted && (read = stream.Read(buffer, length, wanted - length)) > 0) length += read;
            return length;
        }

        private readonly struct Pending
        {
            public Pending(Task answer, byte[] buffer, int length)
            {
                Answer = answer;
                Buffer = buffer;
                Length = length;
            }

            public Task Answer { get; }
            public byte[] Buffer { get; }
            public int Length { get; }
        }
    }
}
