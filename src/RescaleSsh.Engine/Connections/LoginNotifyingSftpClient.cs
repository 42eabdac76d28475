using System;
using System.Diagnostics;
using System.Threading;
using Renci.SshNet;

namespace RescaleSsh.Connections
{
    /// <summary>
    /// An SftpClient that says when its login succeeded, before it opens its own SFTP channel (four round trips more),
    /// and how long the login took since the server's host key arrived: a large upload over a long link starts its
    /// extra channels then (<see cref="DeviceConnector"/>).
    /// </summary>
    internal sealed class LoginNotifyingSftpClient : SftpClient
    {
        private long _hostKeyAt;

        public LoginNotifyingSftpClient(ConnectionInfo info)
            : base(info)
        {
            HostKeyReceived += (_, __) => Interlocked.Exchange(ref _hostKeyAt, Stopwatch.GetTimestamp());
        }

        /// <summary>Runs once logged in, before the SFTP channel opens, with the time from the host key to the login's success.</summary>
        public Action<SftpClient, TimeSpan> LoggedIn { get; set; }

        protected override void OnConnected()
        {
            long ticks = Stopwatch.GetTimestamp() - Interlocked.Read(ref _hostKeyAt);
            LoggedIn?.Invoke(this, TimeSpan.FromSeconds(ticks / (double)Stopwatch.Frequency));
            base.OnConnected();
        }
    }
}
