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
    /// broke is opened again, with the same options and the same host key checks, on next use.
    /// </summary>
    public sealed class Session
    {
        private readonly object _gate = new object();
        private readonly ConnectionOptions _options;
        private DeviceConnection _connection;
        private bool _closed;

        internal Session(int id, DeviceConnection connection, ConnectionOptions options)
        {
            Id = id;
            _connection = connection;
            _options = options;
            Device = connection.Device;
            HostKeyFingerprint = connection.HostKeyFingerprint;
        }

        public int Id { get; }
        public string ComputerName => Device.ComputerName;
        public string UserName => Device.UserName;
        public int Port => Device.Port;
        public string HostKeyFingerprint { get; private set; }

        public SessionState State
        {
            get
            {
                lock (_gate)
                {
                    if (_closed) return SessionState.Closed;
                    return _connection != null && _connection.IsConnected ? SessionState.Opened : SessionState.Broken;
                }
            }
        }

        internal Device Device { get; }

        public override string ToString() => $"[{Id}] {Device}";

        /// <summary>The live connection, reopened first if it broke (recording a new host key only if <paramref name="recordNewHostKey"/>).</summary>
        internal DeviceConnection Acquire(CancellationToken cancellation, Action<string> warn, bool recordNewHostKey = true)
        {
            lock (_gate)
            {
                if (_closed)
                {
                    throw new RescaleSshException("SessionClosed", FailureCategory.ResourceUnavailable,
                        $"Session {Id} ({Device}) was closed by Remove-RescaleSession. Open a new one with New-RescaleSession.", this);
                }
                if (_connection == null || !_connection.IsConnected)
                {
                    _connection?.Dispose();
                    _connection = null;
                    _connection = DeviceConnector.Connect(Device, _options, cancellation, warn, recordNewHostKey);
                    HostKeyFingerprint = _connection.HostKeyFingerprint;
                }
                return _connection;
            }
        }

        /// <summary>How the connection's host key compares with known_hosts now (a key recorded at login is Known).</summary>
        internal HostKeyStatus KnownHostsStatus(DeviceConnection connection) =>
            KnownHostsFile.Load(_options.EffectiveKnownHostsPath).Check(Device, connection.HostKey, out _);

        internal void Close()
        {
            lock (_gate)
            {
                _closed = true;
                _connection?.Dispose();
                _connection = null;
            }
        }
    }
}
