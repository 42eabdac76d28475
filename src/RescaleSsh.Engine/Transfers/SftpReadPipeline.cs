using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// Copies a remote file, from an offset on, into a local stream with many SFTP read requests in flight (as
    /// OpenSSH's sftp keeps a request queue), writing each answer in file order straight from the pooled buffer
    /// it arrived in. SftpClient's own download path costs about 75% more CPU per byte (it copies every chunk twice
    /// more and completes each through the thread pool), and on a loopback link the client's CPU is what limits
    /// the rate.
    /// The server may answer a read with fewer bytes than asked (SFTP v3 allows it); the gap is read before any
    /// later answer is written. Nothing is ever asked or written past the length the file had when the copy was
    /// planned: one last read there must find the end of the file. A file that grew or shrank meanwhile, or an
    /// answer longer than its request, stops the copy with <see cref="SourceChangedException"/>.
    /// </summary>
    internal static class SftpReadPipeline
    {
        /// <summary>64 requests of ~64 KB: 4 MB in flight, enough to fill a fast short link; memory stays flat.</summary>
        public const int RequestsInFlight = 64;
        public const uint RequestBytes = 64 * 1024;

        /// <summary>At most this many reads in flight: 32 MiB of answers per file (issue 14's memory budget).</summary>
        public const int MostRequestsInFlight = 512;

        /// <summary>
        /// Reads in flight for a link with this round trip: enough to keep ~400 MiB/s moving (the bandwidth-delay
        /// product in 64 KiB reads), between 64 and 512.
        /// </summary>
        public static int ReadsFor(TimeSpan roundTrip)
        {
            double wanted = roundTrip.TotalSeconds * 400.0 * 1024 * 1024 / RequestBytes;
            return (int)Math.Max(RequestsInFlight, Math.Min(MostRequestsInFlight, Math.Ceiling(wanted)));
        }

        /// <summary>
        /// Copies from <paramref name="offset"/> on. Once every read is sent, the read that must find the end of the file
        /// and the close follow at once, without waiting for the answers: a small file costs open, then one round trip.
        /// </summary>
        public static void Copy(SftpRequests requests, string path, long offset, long expectedLength, Stream target, Action<long> progress,
            CancellationToken cancellation, int inFlight = RequestsInFlight)
        {
            byte[] handle = requests.OpenForReading(path);
            Task closed = null;
            bool finished = false;
            try
            {
                SftpReadAnswer BeginRead(long at, uint length)
                {
                    // A short answer after the early close: the rest is read through a handle of its own (rare; SFTP allows short reads).
                    if (closed != null && at < expectedLength)
                    {
                        requests.WaitFor(cancellation, closed);
                        closed = null;
                        handle = requests.OpenForReading(path);
                    }
                    var answer = requests.BeginRead(handle, at, length);
                    if (at >= expectedLength) closed = requests.BeginClose(handle);
                    return answer;
                }
                Copy(requests.ReadLength(RequestBytes), BeginRead, answer => requests.EndRead(answer, cancellation), answer => answer.Abandon(),
                    offset, expectedLength, target, progress, inFlight);
                finished = true;
            }
            finally
            {
                // After Ctrl+C the link may be stalled: the handle is left to the session's close rather than waited on.
                if (finished || !cancellation.IsCancellationRequested)
                {
                    try
                    {
                        if (closed == null) requests.Close(handle);
                        else requests.WaitFor(cancellation, closed);
                    }
                    catch (Exception) when (!finished)
                    {
                        // The copy already failed; that failure is the one to report.
                    }
                }
            }
        }

        /// <summary>
        /// The pipeline itself, over any read requests: <paramref name="beginRead"/> sends one (offset, length) and
        /// returns its pending answer; <paramref name="endRead"/> waits for an answer and hands over its bytes
        /// (none at end of file); <paramref name="abandon"/> lets go of an answer nobody will read. Cancellation
        /// is the requests' own. The read at <paramref name="expectedLength"/> that must find the end of the file is
        /// sent right after the last data read.
        /// </summary>
        internal static void Copy<TAnswer>(uint chunk, Func<long, uint, TAnswer> beginRead, Func<TAnswer, IMemoryOwner<byte>> endRead, Action<TAnswer> abandon,
            long offset, long expectedLength, Stream target, Action<long> progress, int inFlightLimit = RequestsInFlight)
        {
            var inFlight = new Queue<Read<TAnswer>>();
            bool endAsked = false;
            TAnswer end = default;
            try
            {
                long next = offset;
                while (next < expectedLength || inFlight.Count > 0)
                {
                    while (inFlight.Count < inFlightLimit && next < expectedLength)
                    {
                        uint length = (uint)Math.Min(chunk, expectedLength - next);
                        inFlight.Enqueue(new Read<TAnswer>(next, length, beginRead(next, length)));
                        next += length;
                    }
                    if (!endAsked && next >= expectedLength)
                    {
                        end = beginRead(expectedLength, 1);
                        endAsked = true;
                    }
                    var read = inFlight.Dequeue();
                    long position = read.Offset;
                    long stop = read.Offset + read.Length;
                    var answer = read.Answer;
                    while (position < stop)
                    {
                        int written = WriteAnswer(endRead(answer), stop - position, target);
                        if (written == 0) throw SourceChangedException.EndedAt(position, expectedLength);
                        progress(written);
                        position += written;
                        if (position < stop) answer = beginRead(position, (uint)(stop - position));
                    }
                }
                if (!endAsked)
                {
                    end = beginRead(expectedLength, 1);
                    endAsked = true;
                }
                // Every expected byte is here: the file must end here too.
                var last = end;
                endAsked = false;
                using (var after = endRead(last))
                {
                    if (after.Memory.Length > 0) throw SourceChangedException.Grew(expectedLength);
                }
            }
            finally
            {
                foreach (var read in inFlight) abandon(read.Answer);
                if (endAsked) abandon(end);
            }
        }

        /// <summary>
        /// Writes one answer's bytes, gives its buffer back and returns how many there were (0 at end of file). An answer
        /// longer than the <paramref name="asked"/> bytes is refused before anything of it is written.
        /// </summary>
        private static int WriteAnswer(IMemoryOwner<byte> answer, long asked, Stream target)
        {
            using (var data = answer)
            {
                var memory = data.Memory;
                if (memory.Length == 0) return 0;
                if (memory.Length > asked) throw SourceChangedException.LongAnswer(asked, memory.Length);
                if (MemoryMarshal.TryGetArray((ReadOnlyMemory<byte>)memory, out var segment))
                {
                    target.Write(segment.Array, segment.Offset, segment.Count);
                }
                else
                {
                    target.Write(memory.ToArray(), 0, memory.Length);
                }
                return memory.Length;
            }
        }

        private struct Read<TAnswer>
        {
            public Read(long offset, uint length, TAnswer answer)
            {
                Offset = offset;
                Length = length;
                Answer = answer;
            }

            public long Offset { get; }
            public uint Length { get; }
            public TAnswer Answer { get; }
        }
    }
}
