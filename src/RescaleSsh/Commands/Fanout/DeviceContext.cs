using System;
using System.Threading;
using RescaleSsh.Connections;

namespace RescaleSsh.Commands
{
    /// <summary>
    /// One device's work as a worker thread sees it: the device, a connection opened on first use (or taken from a
    /// session, reopened if it broke), cancellation, and the cmdlet's Write* and ShouldProcess marshalled to the
    /// pipeline thread (the engine reports through it as its <see cref="IOperationHost"/>).
    /// </summary>
    internal sealed class DeviceContext : IOperationHost
    {
        private readonly ConnectionCommand _command;
        private DeviceConnection _connection;

        public DeviceContext(ConnectionCommand command, Device device, ConnectionOptions options, Session session)
        {
            _command = command;
            Device = device;
            Options = options;
            Session = session;
        }

        public Device Device { get; }
        public ConnectionOptions Options { get; }
        public Session Session { get; }
        public CancellationToken Cancellation { get; internal set; }

        /// <summary>The device's connection: the session's (reopened if broken) or a new one, closed by <see cref="Release"/>.</summary>
        public DeviceConnection Connection =>
            _connection ?? (_connection = Session != null
                ? Session.Acquire(this, recordNewHostKey: true, Cancellation)
                : DeviceConnector.Connect(Device, Options, this, recordNewHostKey: true, Cancellation));

        public void WriteObject(object value) => Post(() => _command.WriteObject(value));

        public void WriteWarning(string message) => Post(() => _command.WriteWarning(message));

        public void WriteVerbose(string message) => Post(() => _command.WriteVerbose(message));

        public void WriteError(Exception error, object target) => Post(() => _command.WriteFailure(error, target));

        public bool ShouldProcess(string target, string action) => _command.Pipeline.Invoke(() => _command.ShouldProcess(target, action));

        private void Post(Action write) => _command.Pipeline.Post(write);

        /// <summary>Closes a connection this context opened; a session's stays open for reuse.</summary>
        internal void Release()
        {
            if (Session == null) _connection?.Dispose();
            _connection = null;
        }
    }
}
