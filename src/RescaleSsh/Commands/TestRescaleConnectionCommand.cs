using System;
using System.Collections.Generic;
using System.Management.Automation;
using RescaleSsh.Connections;

namespace RescaleSsh.Commands
{
    /// <summary>
    /// Test-RescaleConnection: a fleet health check. Reaches each device, compares its host key with known_hosts and
    /// tries to log in; never records a host key. Writes one row per device (or one bool with -Quiet) in input order,
    /// as Test-Connection does, streaming each as soon as the devices before it are done: a device that cannot be
    /// reached is a row with Reachable False and the reason in Error, so `| Export-Csv` keeps it. An error record as
    /// well only where Test-Connection writes one: a name that cannot be resolved, or input that names no device.
    /// With -Session it checks the session's connection, reopening it if it broke.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "RescaleConnection", DefaultParameterSetName = SessionSet)]
    [OutputType(typeof(ConnectionTest), typeof(bool))]
    public sealed class TestRescaleConnectionCommand : DeviceCommand<NoWork>
    {
        /// <summary>
        /// What a device's health check finds, reported as its row only (as Test-Connection reports an unreachable
        /// host): the device is down, refuses, is no SSH server, or refuses the host key or the login. Any other failure
        /// (a name that does not resolve, an unreadable known_hosts, a closed session) is also an error record.
        /// </summary>
        private static readonly HashSet<FailureCategory> Findings = new HashSet<FailureCategory>
        {
            FailureCategory.ConnectionError, FailureCategory.OperationTimeout, FailureCategory.ProtocolError,
            FailureCategory.AuthenticationError, FailureCategory.SecurityError,
        };

        private readonly OrderedOutput _output = new OrderedOutput();
        private readonly Dictionary<DeviceContext, int> _slots = new Dictionary<DeviceContext, int>();
        private readonly List<string> _queued = new List<string>();
        private int _reachable;
        private int _authenticated;

        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = SessionSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SessionCompleter))]
        public Session[] Session { get; set; }

        [Parameter]
        public SwitchParameter Quiet { get; set; }

        protected override Session[] SessionInput => Session;

        internal override NoWork CreateWork() => NoWork.Value;

        internal override void OnDeviceQueued(DeviceContext context)
        {
            _slots[context] = _output.Reserve();
            _queued.Add(Name(context));
            WriteVerbose(context.Session == null
                ? $"Testing {Name(context)}: connect, compare its host key with known_hosts, log in (nothing is recorded)."
                : $"Testing session {context.Session.Id} ({Name(context)}): reopen it if it broke, then one SFTP round trip.");
        }

        internal override void ProcessDevice(DeviceContext context, NoWork work)
        {
            var result = context.Session != null
                ? ConnectionProbe.Run(context.Session, context, context.Cancellation)
                : ConnectionProbe.Run(context.Device, context.Options, context, context.Cancellation);
            Pipeline.Post(() => Deliver(context, result, null));
        }

        internal override void OnDeviceFailed(DeviceContext context, Exception exception)
        {
            var failure = FailureRecords.For(exception, context.Device);
            var row = new ConnectionTest
            {
                ComputerName = context.Device.ComputerName,
                UserName = context.Device.UserName,
                Port = context.Device.Port,
                Reachable = exception is RescaleSshException known &&
                            (known.Category == FailureCategory.SecurityError || known.Category == FailureCategory.AuthenticationError),
                Error = failure.Exception.Message,
            };
            bool finding = exception is RescaleSshException found && Findings.Contains(found.Category);
            Deliver(context, row, finding ? null : failure);
        }

        internal override void OnDeviceInvalid(string text, RescaleSshException exception)
        {
            int slot = _output.Reserve();
            _queued.Add(text);
            WriteVerbose($"Not testing '{DisplayText.Visible(text)}': {exception.Message}");
            _output.Complete(slot, () =>
            {
                if (Quiet) WriteObject(false);
                this.WriteFailure(exception, text);
            });
        }

        /// <summary>Pipeline thread: the device's row (or bool) and any error, written as soon as the devices before it are done.</summary>
        private void Deliver(DeviceContext context, ConnectionTest row, ErrorRecord error)
        {
            int slot = _slots[context];
            _slots.Remove(context);
            if (_output.MustWait(slot))
            {
                WriteVerbose($"{Name(context)} is done; its result waits for {DisplayText.Visible(_queued[_output.Next])} to keep the input order.");
            }
            _output.Complete(slot, () =>
            {
                bool healthy = row.Reachable && row.Authenticated && row.Error == null;
                if (row.Reachable) _reachable++;
                if (row.Authenticated) _authenticated++;
                WriteVerbose(Conclusion(context, row, healthy));
                WriteObject(Quiet ? (object)healthy : row);
                if (error != null) WriteError(error);
            });
        }

        private static string Conclusion(DeviceContext context, ConnectionTest row, bool healthy)
        {
            string name = Name(context);
            if (!row.Reachable) return $"{name}: not reachable. {row.Error}";
            string reached = $"{name}: reachable ({DisplayText.Visible(row.ServerVersion) ?? "SSH"}), host key {row.HostKeyStatus?.ToString() ?? "not checked"}" +
                             (row.HostKeyFingerprint == null ? "" : $" ({row.HostKeyFingerprint})");
            if (healthy) return $"{reached}, logged in; {row.LatencyMs} ms.";
            return $"{reached}, {(row.Authenticated ? "logged in" : "not logged in")}: {row.Error}";
        }

        private static string Name(DeviceContext context) => DisplayText.Visible(context.Device.ToString());

        protected override void EndProcessing()
        {
            base.EndProcessing();
            WriteVerbose($"Tested {_queued.Count} device(s): {_reachable} reachable, {_authenticated} logged in.");
        }
    }
}
