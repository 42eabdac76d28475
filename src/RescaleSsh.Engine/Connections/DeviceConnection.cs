using System;
using System.Threading;
using Renci.SshNet;

namespace RescaleSsh.Connections
{
    /// <summary>
    /// One authenticated connection to a device: an SFTP channel for files, and (opened on first use) an
    /// exec channel for the few commands the module runs. Both verify the same host key.
    /// </summary>
    internal sealed class DeviceConnection : IDisposable
    {
        private readonly Func<CancellationToken, SshClient> _openShell;
        private readonly object _shellGate = new object();
        private SshClient _shell;

        internal DeviceConnection(Device device, SftpClient sftp, Func<CancellationToken, SshClient> openShell,
            byte[] hostKey, HostKeyStatus? hostKeyStatus, string serverVersion, string loginKeyFingerprint)
        {
            Device = device;
            Sftp = sftp;
            _openShell = openShell;
            HostKey = hostKey;
            HostKeyFingerprint = Wire.Fingerprint.Sha256(hostKey);
            HostKeyStatus = hostKeyStatus;
            ServerVersion = serverVersion;
            LoginKeyFingerprint = loginKeyFingerprint;
        }

        public Device Device { get; }
        public SftpClient Sftp { get; }
        /// <summary>The SSH public key blob the device proved it holds.</summary>
        public byte[] HostKey { get; }
        public string HostKeyFingerprint { get; }
        public HostKeyStatus? HostKeyStatus { get; }
        public string ServerVersion { get; }
        /// <summary>SHA256 fingerprint of the key this connection logged in with; null for password login.</summary>
        public string LoginKeyFingerprint { get; }

        public bool IsConnected => Sftp.IsConnected;

        /// <summary>Runs a command on the device and returns its exit status and output.</summary>
        public CommandResult Run(string command, CancellationToken cancellation)
        {
            SshClient shell;
            lock (_shellGate)
            {
                if (_shell == null || !_shell.IsConnected)
                {
                    _shell?.Dispose();
                    _shell = _openShell(cancellation);
                }
                shell = _shell;
            }
            using (var cmd = shell.CreateCommand(command))
            {
                var run = cmd.ExecuteAsync(cancellation);
                run.GetAwaiter().GetResult();
                return new CommandResult(cmd.ExitStatus ?? -1, cmd.Result, cmd.Error);
            }
        }

        public void Dispose()
        {
            lock (_shellGate)
            {
                _shell?.Dispose();
                _shell = null;
            }
            try { Sftp.Disconnect(); } catch (Exception) { /* already broken: nothing to close */ }
            Sftp.Dispose();
        }
    }

    internal sealed class CommandResult
    {
        public CommandResult(int exitStatus, string output, string error)
        {
            ExitStatus = exitStatus;
            Output = output;
            Error = error;
        }

        public int ExitStatus { get; }
        public string Output { get; }
        public string Error { get; }
    }
}
