using System;
using System.Diagnostics;
using System.Threading;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// Keeps requests off an SFTP channel that is being closed. SSH.NET lets a sender that already passed its "is the
    /// channel open" check send its data after the channel's CLOSE went out, and OpenSSH answers data for a channel it
    /// has freed by dropping the whole connection, every other channel with it. Every request on the channel enters the
    /// gate while it is sent (and, for a request that waits, while it waits); <see cref="Close"/> turns new ones away
    /// and <see cref="WaitUntilEmpty"/> lets those inside leave, within a bound, before the channel is closed.
    /// </summary>
    internal sealed class ChannelSendGate
    {
        public static readonly TimeSpan MostWait = TimeSpan.FromSeconds(2);

        private int _inside;
        private long _closedAt;

        public void Enter()
        {
            Interlocked.Increment(ref _inside);
            if (Interlocked.Read(ref _closedAt) != 0)
            {
                Interlocked.Decrement(ref _inside);
                throw new ObjectDisposedException("SFTP channel", "The extra SFTP channel is being closed.");
            }
        }

        public void Leave() => Interlocked.Decrement(ref _inside);

        /// <summary>No request enters any more (those inside go on).</summary>
        public void Close() => Interlocked.CompareExchange(ref _closedAt, Stopwatch.GetTimestamp(), 0);

        /// <summary>Waits until no request is inside, at most <see cref="MostWait"/> from <see cref="Close"/>, and only while <paramref name="useful"/> holds.</summary>
        public void WaitUntilEmpty(Func<bool> useful)
        {
            Close();
            long deadline = Interlocked.Read(ref _closedAt) + (long)(MostWait.TotalSeconds * Stopwatch.Frequency);
            while (Volatile.Read(ref _inside) > 0 && Stopwatch.GetTimestamp() < deadline && useful()) Thread.Sleep(1);
        }
    }
}
