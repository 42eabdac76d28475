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
        private readonly CommandChannel _commands;

        internal DeviceConnection(Device device, SftpClient sftp, CommandChannel commands,
            byte[] hostKey, HostKeyStatus? hostKeyStatus, string serverVersion, LoginKey loginKey, EngineHooks hooks,
            Transfers.ExtraChannels extra = null)
        {
            Extra = extra;
            Hooks = hooks ?? EngineHooks.Default;
            Device = device;
            Sftp = sftp;
            _commands = commands;
            HostKey = hostKey;
            HostKeyFingerprint = Wire.Fingerprint.Sha256(hostKey);
            HostKeyStatus = hostKeyStatus;
            ServerVersion = serverVersion;
            LoginKey = loginKey;
            // Sent now, so that its round trip overlaps the first requests of whatever the connection is for.
            _probe = System.Threading.Tasks.Task.Run(() => Transfers.RoundTripProbe.Measure(sftp));
        }

        public Device Device { get; }
        public SftpClient Sftp { get; }
        /// <summary>The SSH public key blob the device proved it holds.</summary>
        public byte[] HostKey { get; }
        public string HostKeyFingerprint { get; }
        public HostKeyStatus? HostKeyStatus { get; }
        public string ServerVersion { get; }
        /// <summary>The key this connection logged in with (a key file or an agent's); null for password login.</summary>
        public LoginKey LoginKey { get; }

        /// <summary>SHA256 fingerprint of the key this connection logged in with; null for password login.</summary>
        public string LoginKeyFingerprint => LoginKey?.Fingerprint;

        /// <summary>More SFTP connections to the same device (pinned to the same host key), for a large file's ranges; null when not offered.</summary>
        public Transfers.ExtraChannels Extra { get; }

        /// <summary>The test seams of the runspace that opened the connection.</summary>
        public EngineHooks Hooks { get; }

        public bool IsConnected => Sftp.IsConnected;

        private long _roundTripTicks = -1;
        private readonly System.Threading.Tasks.Task<TimeSpan> _probe;

        /// <summary>
        /// The SFTP round trip to the device, measured once per connection as it opens (one SSH_FXP_REALPATH of ".",
        /// next to no work for the server) and told to -Verbose on first use; transfers size what they keep in flight by it.
        /// Zero when the device cannot answer that request.
        /// </summary>
        public TimeSpan RoundTrip(IOperationHost host)
        {
            long ticks = Interlocked.Read(ref _roundTripTicks);
            if (ticks >= 0) return TimeSpan.FromTicks(ticks);
            var measured = _probe.GetAwaiter().GetResult();
            if (Interlocked.CompareExchange(ref _roundTripTicks, measured.Ticks, -1) == -1) ConnectionNarration.RoundTrip(host, Device, measured);
            return TimeSpan.FromTicks(Interlocked.Read(ref _roundTripTicks));
        }

        /// <summary>Runs a command on the device and returns its exit status and output.</summary>
        public CommandOutput Run(string command, CommandLimits limits, CancellationToken cancellation) => _commands.Run(command, limits, cancellation);

        /// <summary>Runs a command; <paramref name="onOutputLine"/> (when given) receives standard output line by line as it arrives.</summary>
        public CommandOutput Run(string command, CommandLimits limits, Action<string> onOutputLine, CancellationToken cancellation) =>
            _commands.Run(command, limits, onOutputLine, cancellation);

        public void Dispose()
        {
            // Every channel's close and the disconnect are sent without waiting for the device's answers (a round trip
            // each, on the command's way out): nothing is pending on them any more.
            Sftp.ConnectionInfo.ChannelCloseTimeout = TimeSpan.Zero;
            Extra?.Dispose();
            _commands.Dispose();
            try { Sftp.Disconnect(); } catch (Exception) { /* already broken: nothing to close */ }
            Sftp.Dispose();
        }
    }
}
