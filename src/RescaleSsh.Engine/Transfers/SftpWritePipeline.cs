using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// Writes slices of a local file into an open remote handle at the same offsets, with many SSH_FXP_WRITE requests
    /// in flight (as <see cref="SftpReadPipeline"/> does for reads): SftpFileStream waits for each write's answer before
    /// the next, one round trip per 64 KiB. The next slice is taken while the last one's answers are still coming, so
    /// a lane never drains between slices (a round trip each). Every answer is checked; a slice counts as written once
    /// every write of it was answered; a source that ends early stops the copy with <see cref="SourceChangedException"/>.
    /// What is in flight is bounded by the SSH channel's window anyway (sending blocks).
    /// </summary>
    internal static class SftpWritePipeline
    {
        /// <summary>Bytes a lane keeps in flight once started: more than sshd's 2 MiB channel window, which then paces it.</summary>
        public const int BytesInFlight = 3 * 1024 * 1024;

        /// <summary>
        /// Writes in flight when a lane starts; each answer adds one (so the count doubles per round trip) up to
        /// <see cref="WritesInFlightFor"/>. Measured at 40 ms against sshd 9.2, 200 MiB over 8 channels: starting with
        /// the whole window, the server's process was busy for most of a second before the first answers came (2.5-2.8 s
        /// in all); starting with 2 or 4 writes, 2.2-2.4 s; with 8, 2.4-2.6 s.
        /// </summary>
        public const int FirstWritesInFlight = 4;

        /// <summary>The most writes of <paramref name="chunk"/> bytes a lane keeps in flight: <see cref="BytesInFlight"/>, between 4 and 64 writes.</summary>
        public static int WritesInFlightFor(int chunk) => Math.Max(FirstWritesInFlight, Math.Min(64, BytesInFlight / chunk));

        /// <summary>
        /// Writes every slice <paramref name="take"/> gives (start and end offsets; false when none is left), calls
        /// <paramref name="written"/> with a slice's start once all of it is answered, and on a failure hands every slice
        /// taken and not yet written to <paramref name="giveBack"/> before throwing.
        /// </summary>
        public static void Write(SftpRequests requests, byte[] handle, string localPath, long fileLength, SliceSource take, Action<long> written,
            Action<long> giveBack, Action<long> progress, CancellationToken cancellation)
        {
            int chunk = (int)requests.WriteLength(handle);
            int most = WritesInFlightFor(chunk), inFlight = Math.Min(most, FirstWritesInFlight);
            var pending = new Queue<Pending>();
            var unfinished = new Dictionary<long, long>(); // slice start → bytes of it answered (and reported) so far
            using (var local = new FileStream(localPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan))
            {
                long at = 0, end = 0, slice = 0;
                try
                {
                    while (true)
                    {
                        while (pending.Count < inFlight)
                        {
                            if (at >= end)
                            {
                                if (!take(out long start, out long stop)) break;
                                unfinished.Add(slice = start, 0);
                                at = start;
                                end = stop;
                                local.Seek(at, SeekOrigin.Begin);
                            }
                            cancellation.ThrowIfCancellationRequested();
                            int wanted = (int)Math.Min(chunk, end - at);
                            byte[] buffer = ArrayPool<byte>.Shared.Rent(chunk);
                            int length = ReadFully(local, buffer, wanted);
                            if (length < wanted)
                            {
                                ArrayPool<byte>.Shared.Return(buffer);
                                throw SourceChangedException.EndedAt(at + length, fileLength);
                            }
                            pending.Enqueue(new Pending(requests.BeginWrite(handle, at, buffer, 0, length), buffer, length, slice, at + length >= end));
                            at += length;
                        }
                        if (pending.Count == 0) return;
                        // Answers come in request order: with the window full, waiting for the write half-way back finds
                        // the older ones answered too, so the lane wakes once per half window, not once per write.
                        var head = pending.Peek().Answer;
                        if (pending.Count >= inFlight) requests.WaitFor(cancellation, pending.ElementAt(inFlight / 2).Answer);
                        if (!head.IsCompleted) requests.WaitFor(cancellation, head);
                        while (pending.Count > 0 && pending.Peek().Answer.IsCompleted)
                        {
                            var answered = pending.Dequeue();
                            if (inFlight < most) inFlight++;
                            requests.WaitFor(cancellation, answered.Answer); // throws the device's refusal, if any
                            ArrayPool<byte>.Shared.Return(answered.Buffer);
                            progress(answered.Length);
                            unfinished[answered.Slice] += answered.Length;
                            if (answered.EndsSlice)
                            {
                                unfinished.Remove(answered.Slice);
                                written(answered.Slice);
                            }
                        }
                    }
                }
                catch (Exception)
                {
                    foreach (var left in unfinished)
                    {
                        // Another lane writes the slice again, and reports its bytes again: what was reported here is taken back.
                        if (left.Value > 0) progress(-left.Value);
                        giveBack(left.Key);
                    }
                    throw;
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

        /// <summary>The next slice to write: its start and end offsets; false when none is left.</summary>
        public delegate bool SliceSource(out long start, out long end);

        private readonly struct Pending
        {
            public Pending(Task answer, byte[] buffer, int length, long slice, bool endsSlice)
            {
                Answer = answer;
                Buffer = buffer;
                Length = length;
                Slice = slice;
                EndsSlice = endsSlice;
            }

            public Task Answer { get; }
            public byte[] Buffer { get; }
            public int Length { get; }
            public long Slice { get; }
            public bool EndsSlice { get; }
        }
    }
}
