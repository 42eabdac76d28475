using System;
using System.Collections.Concurrent;
using System.Threading;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// Small files in flight over one connection (issue 14): a small file spends its time waiting for round trips,
    /// not moving bytes, so a long link needs many at once. One work item of the command's queue runs
    /// <see cref="Width"/> lanes (threads of their own, so that the thread pool stays free for SSH.NET's
    /// completions), each copying one file at a time from a shared queue that the plan fills while they run.
    /// </summary>
    internal sealed class FileLanes : IDisposable
    {
        /// <summary>Fewest and most files in flight on one connection.</summary>
        public const int Fewest = 8, Most = 128;

        private readonly BlockingCollection<Action<CancellationToken>> _files = new BlockingCollection<Action<CancellationToken>>();

        public FileLanes(int width) => Width = Math.Max(1, width);

        public int Width { get; }

        /// <summary>
        /// Files in flight for a link with this round trip: 1.5 per millisecond, between 8 and 128, and never more than
        /// <paramref name="userLimit"/> when the user set one (-ThrottleLimit; 0: none).
        /// </summary>
        public static int WidthFor(TimeSpan roundTrip, int userLimit)
        {
            int width = (int)Math.Max(Fewest, Math.Min(Most, Math.Ceiling(1.5 * roundTrip.TotalMilliseconds)));
            return userLimit > 0 ? Math.Min(width, userLimit) : width;
        }

        /// <summary>Queues one file's copy; it never throws (it reports its own failures).</summary>
        public void Add(Action<CancellationToken> copy)
        {
            try
            {
                _files.Add(copy);
            }
            catch (Exception ex) when (ex is InvalidOperationException || ex is ObjectDisposedException)
            {
                // The lanes ended (Ctrl+C): the file is not copied, as after any stop.
            }
        }

        /// <summary>No more files will come: the lanes end once the queue is empty.</summary>
        public void Complete()
        {
            try
            {
                _files.CompleteAdding();
            }
            catch (ObjectDisposedException)
            {
                // Ended already.
            }
        }

        /// <summary>Runs the lanes until <see cref="Complete"/> and an empty queue, or until cancelled.</summary>
        public void Run(CancellationToken cancellation)
        {
            var lanes = new Thread[Width - 1];
            for (int i = 0; i < lanes.Length; i++)
            {
                lanes[i] = new Thread(() => Lane(cancellation)) { IsBackground = true, Name = "RescaleSsh file lane" };
                lanes[i].Start();
            }
            try
            {
                Lane(cancellation);
            }
            finally
            {
                foreach (var lane in lanes) lane.Join();
                if (cancellation.IsCancellationRequested) Dispose();
            }
            cancellation.ThrowIfCancellationRequested();
        }

        private void Lane(CancellationToken cancellation)
        {
            try
            {
                foreach (var copy in _files.GetConsumingEnumerable(cancellation)) Copy(copy, cancellation);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: the files in flight kept their partial copies for -Resume.
            }
            catch (ObjectDisposedException)
            {
                // The queue was closed after Ctrl+C.
            }
        }

        private static void Copy(Action<CancellationToken> copy, CancellationToken cancellation)
        {
            try
            {
                copy(cancellation);
            }
            catch (OperationCanceledException)
            {
                throw;
            }
#pragma warning disable CA1031 // A lane is a thread of its own: an exception escaping it would end the process. Each copy reports its own failures; this is the last guard.
            catch (Exception)
#pragma warning restore CA1031
            {
                // Reported by the copy itself (or the command has ended and nobody listens).
            }
        }

        public void Dispose() => _files.Dispose();
    }
}
