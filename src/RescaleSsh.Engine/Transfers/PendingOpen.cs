using System.Threading;
using System.Threading.Tasks;
using Renci.SshNet.Common;
using Renci.SshNet.Sftp;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// A lstat and an open of the same path sent together (<see cref="SftpRequests.BeginLStatAndOpenForWriting"/>): look at
    /// <see cref="Seen"/> before trusting <see cref="Handle"/>. When the handle is never taken, the open's failure is
    /// observed all the same, and the channel must serve nothing else (its open may never be answered: a FIFO).
    /// </summary>
    internal sealed class PendingOpen
    {
        private readonly SftpRequests _requests;
        private readonly Task<SftpFileAttributes> _seen;
        private readonly Task<byte[]> _opened;

        public PendingOpen(SftpRequests requests, Task<SftpFileAttributes> seen, Task<byte[]> opened)
        {
            _requests = requests;
            _seen = seen;
            _opened = opened;
            SftpPendingRequests.Observe(opened);
        }

        /// <summary>What lstat found at the path; null when nothing is there.</summary>
        public SftpFileAttributes Seen(CancellationToken cancellation)
        {
            try
            {
                _requests.WaitFor(cancellation, _seen);
                return _seen.Result;
            }
            catch (SftpPathNotFoundException)
            {
                return null;
            }
        }

        /// <summary>The open's handle; the device's refusal throws.</summary>
        public byte[] Handle(CancellationToken cancellation)
        {
            _requests.WaitFor(cancellation, _opened);
            return _opened.Result;
        }
    }
}
