using System;
using System.Threading;
using Renci.SshNet;

namespace RescaleSsh.Connections
{
    /// <summary>
    /// The exec side of a device connection, for the few commands the module runs (e.g. -Verify's hash): a second SSH
    /// connection opened on first use (SSH.NET's SftpClient and SshClient cannot share one), which must present the
    /// very host key the first connection verified.
    /// </summary>
    internal sealed class CommandChannel : IDisposable
    {
        private readonly Func<CancellationToken, SshClient> _open;
        private readonly object _gate = new object();
        private SshClient _client;

        public CommandChannel(Func<CancellationToken, SshClient> open) => _open = open;

        /// <summary>Runs a command on the device and returns its exit status and output.</summary>
        public CommandOutput Run(string command, CancellationToken cancellation)
        {
            SshClient client;
            lock (_gate)
            {
                if (_client == null || !_client.IsConnected)
                {
                    _client?.Dispose();
                    _client = _open(cancellation);
                }
                client = _client;
            }
            using (var cmd = client.CreateCommand(command))
            {
                cmd.ExecuteAsync(cancellation).GetAwaiter().GetResult();
                return new CommandOutput(cmd.ExitStatus ?? -1, cmd.Result, cmd.Error);
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
