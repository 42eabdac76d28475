using System;
using System.Threading;

namespace RescaleSsh.Commands
{
    /// <summary>
    /// Each worker blocks a thread-pool thread while SSH.NET connects or transfers, and SSH.NET completes its own
    /// waits on other pool threads; with the pool's default floor (one per CPU) they starve each other for seconds,
    /// and a device that answers at once waits for one that does not. A command raises the floor for as long as it
    /// runs (never lowering it below what it was) and the last command to finish puts back the floor it found.
    /// </summary>
    internal static class ThreadPoolFloor
    {
        private static readonly object Gate = new object();
        private static int s_leases;
        private static int s_original = -1;
        private static int s_raisedTo;

        internal static Lease Raise(int wanted)
        {
            lock (Gate)
            {
                ThreadPool.GetMinThreads(out int workers, out int completion);
                if (s_leases++ == 0)
                {
                    s_original = workers;
                    s_raisedTo = workers;
                }
                if (wanted > s_raisedTo)
                {
                    ThreadPool.SetMinThreads(wanted, completion);
                    s_raisedTo = wanted;
                }
                return new Lease();
            }
        }

        private static void Release()
        {
            lock (Gate)
            {
                if (--s_leases > 0) return;
                ThreadPool.GetMinThreads(out int workers, out int completion);
                if (workers == s_raisedTo && s_original >= 0) ThreadPool.SetMinThreads(s_original, completion);
                s_original = -1;
                s_raisedTo = 0;
            }
        }

        internal sealed class Lease : IDisposable
        {
            private int _released;

            public void Dispose()
            {
                if (Interlocked.Exchange(ref _released, 1) == 0) Release();
            }
        }
    }
}
