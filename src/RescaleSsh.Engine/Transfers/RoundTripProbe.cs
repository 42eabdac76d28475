using System;
using System.Diagnostics;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// Times one SFTP request the server answers at once (SSH_FXP_REALPATH of ".": no disk work, the answer is one
    /// name), which is the round trip a transfer's requests pay. Measured with the exact requests where they are
    /// found, else through SftpClient's public call for the same request.
    /// </summary>
    internal static class RoundTripProbe
    {
        /// <summary>
        /// A first sample from <see cref="RangeSizing.LongLink"/> up to this is taken once more and the smaller kept: the first
        /// request of a connection shares the CPU with its start-up, and on a busy machine a loopback answer came back after
        /// 10 ms, which sent a loopback upload down the ranged path (slower there). Above it the link is long whatever the noise,
        /// and a second request would only cost a round trip.
        /// </summary>
        public static readonly TimeSpan ConfirmBelow = TimeSpan.FromMilliseconds(30);

        public static TimeSpan Measure(SftpClient sftp)
        {
            var exact = SftpRequests.Exact(sftp);
            return Smallest(() => Sample(sftp, exact));
        }

        /// <summary>The first sample, or the smaller of two when the first is in the doubtful range (see <see cref="ConfirmBelow"/>); zero means no answer to time.</summary>
        internal static TimeSpan Smallest(Func<TimeSpan> sample)
        {
            var first = sample();
            if (first < RangeSizing.LongLink || first >= ConfirmBelow) return first;
            var second = sample();
            return second > TimeSpan.Zero && second < first ? second : first;
        }

        private static TimeSpan Sample(SftpClient sftp, SftpRequests exact)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                if (exact != null) exact.RealPath(".");
                else sftp.Get(".");
            }
            catch (SshException ex) when (!(ex is SshConnectionException))
            {
                return TimeSpan.Zero; // an answer with an error still came back, but its time says nothing reliable
            }
            return clock.Elapsed;
        }
    }
}
