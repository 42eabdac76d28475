using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Renci.SshNet;

namespace RescaleSsh.Connections
{
    /// <summary>
    /// The exec side of a device connection and the one runner for every command the module sends (-Verify's hash,
    /// Invoke-RescaleCommand): an SSH connection opened on first use (SSH.NET's SftpClient and SshClient cannot share
    /// one), which must present the very host key the first connection verified. The command string goes to the
    /// device's sshd as typed (RFC 4254 "exec"); nothing passes through a local shell.
    /// Output is read as it arrives and kept within <see cref="CommandLimits"/>: SSH.NET itself buffers whatever the
    /// device sends, so past a cap, at the time limit or on Ctrl+C the channel is closed rather than left unread.
    /// </summary>
    internal sealed class CommandChannel : IDisposable
    {
        private const int ReadSize = 32 * 1024;
        private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(5);

        private readonly Func<CancellationToken, SshClient> _open;
        private readonly object _gate = new object();
        private SshClient _client;

        public CommandChannel(Func<CancellationToken, SshClient> open) => _open = open;

        /// <summary>Runs a command and returns its exit status and output, kept within <paramref name="limits"/>.</summary>
        public CommandOutput Run(string command, CommandLimits limits, CancellationToken cancellation) => Run(command, limits, null, cancellation);

        /// <summary>
        /// Runs a command; with <paramref name="onOutputLine"/>, standard output is handed out line by line as it arrives
        /// instead of being kept. Throws OperationCanceledException on Ctrl+C, SSH.NET's exceptions when the link breaks.
        /// </summary>
        public CommandOutput Run(string command, CommandLimits limits, Action<string> onOutputLine, CancellationToken cancellation)
        {
            var client = Client(cancellation);
            var clock = Stopwatch.StartNew();
            var output = new BoundedCapture(limits.MaximumOutputBytes, onOutputLine);
            var error = new BoundedCapture(limits.MaximumErrorBytes, null);
            using (var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation))
            using (var cmd = client.CreateCommand(command))
            {
                if (limits.Timeout > TimeSpan.Zero) stop.CancelAfter(limits.Timeout);
                var execution = cmd.ExecuteAsync(stop.Token);
                var buffer = new byte[ReadSize];
                bool overflow = false;
                while (!cancellation.IsCancellationRequested)
                {
                    bool moved = false;
                    if (!Drain(cmd.OutputStream, output, buffer, ref moved) || !Drain(cmd.ExtendedOutputStream, error, buffer, ref moved))
                    {
                        // Past a cap: unsubscribe and close the channel at once, so that nothing more is buffered
                        // (stopping through the token would first wait up to 500 ms for the device to answer a signal).
                        overflow = true;
                        cmd.Dispose();
                        break;
                    }
                    if (execution.IsCompleted && cmd.OutputStream.Length == 0 && cmd.ExtendedOutputStream.Length == 0) break;
                    if (!moved) ((IAsyncResult)execution).AsyncWaitHandle.WaitOne(Idle);
                }
                cancellation.ThrowIfCancellationRequested();
                bool timedOut = !overflow && execution.IsCanceled;
                if (overflow) _ = execution.ContinueWith(t => t.Exception, TaskScheduler.Default); // the disposal's ObjectDisposedException is expected
                else if (execution.IsFaulted) execution.GetAwaiter().GetResult();
                return new CommandOutput(timedOut || overflow ? null : cmd.ExitStatus, overflow ? null : cmd.ExitSignal, output.Finish(), error.Finish(),
                    output.Truncated || error.Truncated, timedOut, clock.Elapsed);
            }
        }

        /// <summary>Reads what is there without blocking; false once <paramref name="into"/> passed its cap.</summary>
        private static bool Drain(Stream from, BoundedCapture into, byte[] buffer, ref bool moved)
        {
            while (from.Length > 0)
            {
                int n = from.Read(buffer, 0, buffer.Length);
                if (n <= 0) break;
                moved = true;
                if (!into.Add(buffer, n)) return false;
            }
            return true;
        }

        private SshClient Client(CancellationToken cancellation)
        {
            lock (_gate)
            {
                if (_client == null || !_client.IsConnected)
                {
                    _client?.Dispose();
                    _client = null;
                    _client = _open(cancellation);
                }
                return _client;
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _client?.Dispose();
                _client = null;
            }
        }
    }
}
