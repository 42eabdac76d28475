using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using Renci.SshNet.Common;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// The closes of a ranged upload's extra handles, sent when each lane is done and waited for after the first
    /// channel's own stamp and close went out: their round trips overlap instead of following each other. A handle's
    /// writes were all answered before its close was sent, so a channel that broke since loses nothing; a close the
    /// device refuses fails the copy (the file is renamed only after every close succeeded).
    /// </summary>
    internal sealed class PendingCloses
    {
        private readonly ConcurrentQueue<(SftpRequests Requests, Task Closed)> _closes = new ConcurrentQueue<(SftpRequests, Task)>();

        /// <summary>Sends the close of <paramref name="handle"/> on <paramref name="requests"/>' channel without waiting.</summary>
        public void Send(SftpRequests requests, byte[] handle) => _closes.Enqueue((requests, requests.BeginClose(handle)));

        /// <summary>Waits for every close sent; the device's refusal throws. Unanswered because the channel broke: nothing was lost.</summary>
        public void Wait(CancellationToken cancellation)
        {
            while (_closes.TryDequeue(out var close))
            {
                try
                {
                    close.Requests.WaitFor(cancellation, close.Closed);
                }
                catch (Exception ex) when (ex is SshConnectionException || ex is ObjectDisposedException)
                {
                    // the extra channel broke after its last write was answered
                }
                catch (Exception)
                {
                    Forget();
                    throw;
                }
            }
        }

        /// <summary>The copy failed: nobody waits for the closes, and their outcome is observed so that none is reported as unobserved.</summary>
        public void Forget()
        {
            while (_closes.TryDequeue(out var close)) SftpPendingRequests.Observe(close.Closed);
        }
    }
}
