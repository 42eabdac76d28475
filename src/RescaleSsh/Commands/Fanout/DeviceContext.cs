using System;
using System.Threading;
using RescaleSsh.Connections;

namespace RescaleSsh.Commands
{
    /// <summary>
    /// One device's work item as a worker thread sees it: the device, a connection opened on first use (or
    /// taken from a session), cancellation, and the cmdlet's Write* and ShouldProcess marshalled to the
    /// pipeline thread.
    /// </summary>
    internal sealed class DeviceContext
    {
        private readonly DeviceCommand _command;
        private DeviceConnection _connection;

        public DeviceContext(DeviceCommand command, Device device, ConnectionOptions options, Session session)
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
        /// <summary>What <see cref="DeviceCommand.CaptureRecordState"/> returned for the record this work item came from.</summary>
        public object RecordState { get; internal set; }

        /// <summary>The device's connection: the session's (reopened if broken) or a new one closed when the work ends.</summary>
        public DeviceConnection Connection
        {
            get
            {
                if (_connection == null)
                {
                    _connection = Session != null
                        ? Session.Acquire(Cancellation, WriteWarning)
                        : DeviceConnector.Connect(Device, Options, Cancellation, WriteWarning);
                }
                return _connection;
            }
        }

        public void WriteObject(object value) => _command.Pipeline.Post(() => _command.WriteObject(value));

        public void WriteWarning(string message) => _command.Pipeline.Post(() => _command.WriteWarning(message));

        public void WriteVerbose(string message) => _command.Pipeline.Post(() => _command.WriteVerbose(message));

        public void WriteError(Exception exception, object target) =>
            _command.Pipeline.Post(() => _command.WriteError(RescaleCmdlet.ErrorRecordFor(exception, target)));

        public bool ShouldProcess(string target, string action) => _command.Pipeline.Invoke(() => _command.ShouldProcess(target, action));

        internal void Release()
        {
            if (Session == null) _connection?.Dispose();
            _connection = null;
        }
    }
}
