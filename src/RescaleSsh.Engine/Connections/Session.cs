using System;
using System.Threading;
using RescaleSsh.Connections;

namespace RescaleSsh
{
    public enum SessionState
    {
        Opened,
        Broken,
        Closed,
    }

    /// <summary>
    /// An open connection kept for reuse, as New-PSSession keeps one (RescaleSsh.Session). A connection that
    /// broke is opened again, with the same options and the same host key checks, on next use; the keys and agents
    /// of the command that opened it stay available for that until the session is closed.
    /// </summary>
    public sealed class Session
    {
        /// <summary>Held while (re)connecting, which can take the connect timeout; State never waits for it.</summary>
        private readonly object _connectGate = new object();
        private readonly ConnectionOptions _options;
        private volatile DeviceConnection _connection;
        private volatile bool _closed;
        /// <summary>The opening command's key files and agents, kept for reconnects; released on Close.</summary>
        private LoginSources _logins;

        internal Session(int id, DeviceConnection connection, ConnectionOptions options)
        {
            Id = id;
            _connection = connection;
            _options = options;
            _logins = options.Logins?.Retain();
            Device = connection.Device;
            HostKeyFingerprint = connection.HostKeyFingerprint;
            LoginKey = connection.LoginKey;
        }

        public int Id { get; }
        public string ComputerName => Device.ComputerName;
        public string UserName => Device.UserName;
        public int Port => Device.Port;
        public string HostKeyFingerprint { get; private set; }

        /// <summary>The key the session's connection logged in with (file or agent); null for a password login.</summary>
        public LoginKey LoginKey { get; private set; }

        public SessionState State
        {
            get
            {
                if (_closed) return SessionState.Closed;
                var connection = _connection;
                return connection != null && connection.IsConnected ? SessionState.Opened : SessionState.Broken;
            }
        }

        internal Device Device { get; }

        public override string ToString() => $"[{Id}] {Device}";

        /// <summary>The live connection, reopened first if it broke (recording a new host key only if <paramref name="recordNewHostKey"/>).</summary>
        internal DeviceConnection Acquire(IOperationHost host, bool recordNewHostKey, CancellationToken cancellation)
        {
            lock (_connectGate)
            {
                if (_closed) throw Closed();
                var connection = _connection;
                if (connection == null || !connection.IsConnected)
                {
                    _connection = null;
                    connection?.Dispose();
                    connection = DeviceConnector.Connect(Device, _options, host, recordNewHostKey, cancellation);
                    HostKeyFingerprint = connection.HostKeyFingerprint;
                    LoginKey = connection.LoginKey;
                    _connection = connection;
                    if (_closed) Close();
                }
                if (_closed) throw Closed();
                return connection;
            }
        }

        /// <summary>How the connection's host key compares with known_hosts now (a key recorded at login is Known).</summary>
        internal HostKeyStatus KnownHostsStatus(DeviceConnection connection) =>
            KnownHostsFile.Load(_options.EffectiveKnownHostsPath).Check(_options.KnownHostsDevice(Device), connection.HostKey, out _);

        private RescaleSshException Closed() =>
            new RescaleSshException("SessionClosed", FailureCategory.ResourceUnavailable,
                $"Session {Id} ({Device}) was closed by Remove-RescaleSession. Open a new one with New-RescaleSession.", this);

        /// <summary>Closes the session at once; a reconnect in progress finishes, then finds it closed and lets go.</summary>
        internal void Close()
        {
            _closed = true;
            var connection = _connection;
            _connection = null;
            connection?.Dispose();
            Interlocked.Exchange(ref _logins, null)?.Dispose();
        }
    }
}
