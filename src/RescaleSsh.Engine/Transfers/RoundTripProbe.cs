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
        public static TimeSpan Measure(SftpClient sftp)
        {
            var exact = SftpRequests.Exact(sftp);
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
