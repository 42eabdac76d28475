using System;
using System.Threading;
using RescaleSsh.Wire;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// SSH.NET allocates a fresh buffer for every SFTP packet, all garbage at once; .NET lets gen0 grow to its
    /// budget (tens of MB, more on big machines) before collecting. A young-generation collection every
    /// <see cref="Bytes"/> moved keeps a long transfer's memory flat at little cost (gen0 is almost all garbage).
    /// </summary>
    internal static class AllocationBudget
    {
        public const long Bytes = 32L * 1024 * 1024;
        private static long s_sinceCollect;

        public static void Moved(long bytes)
        {
            if (Interlocked.Add(ref s_sinceCollect, bytes) < Bytes) return;
            Interlocked.Exchange(ref s_sinceCollect, 0);
            GC.Collect(0, GCCollectionMode.Forced, blocking: false);
        }
    }
}
