using System;
using System.Management.Automation;
using RescaleSsh.Connections;

namespace RescaleSsh.Commands
{
    /// <summary>
    /// Test-RescaleConnection: a fleet health check. Reaches each device, compares its host key with
    /// known_hosts and tries to log in; never records a host key. An unreachable device, or one that does
    /// not speak SSH, is an error (or $false with -Quiet). With -Session it checks the session's connection,
    /// reopening it if it broke.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "RescaleConnection", DefaultParameterSetName = SessionSet)]
    [OutputType(typeof(ConnectionTest), typeof(bool))]
    public sealed class TestRescaleConnectionCommand : DeviceCommand<NoWork>
    {
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = SessionSet)]
        [ValidateNotNullOrEmpty]
        public Session[] Session { get; set; }

        [Parameter]
        public SwitchParameter Quiet { get; set; }

        protected override Session[] SessionInput => Session;

        internal override NoWork CreateWork() => NoWork.Value;

        internal override void ProcessDevice(DeviceContext context, NoWork work)
        {
            var result = context.Session != null
                ? ConnectionProbe.Run(context.Session, context, context.Cancellation)
                : ConnectionProbe.Run(context.Device, context.Options, context, context.Cancellation);
            context.WriteObject(Quiet ? (object)(result.Reachable && result.Authenticated && result.Error == null) : result);
        }

        internal override void OnDeviceFailed(DeviceContext context, Exception exception)
        {
            if (Quiet) WriteObject(false);
            else base.OnDeviceFailed(context, exception);
        }
    }
}
