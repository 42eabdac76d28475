using System.Management.Automation;
using RescaleSsh.Connections;

namespace RescaleSsh.Commands
{
    /// <summary>New-RescaleSession: opens a connection once for reuse by the other cmdlets, as New-PSSession does.</summary>
    [Cmdlet(VerbsCommon.New, "RescaleSession", DefaultParameterSetName = DeviceSet)]
    [OutputType(typeof(Session))]
    public sealed class NewRescaleSessionCommand : DeviceCommand
    {
        internal override void ProcessDevice(DeviceContext context)
        {
            var connection = DeviceConnector.Connect(context.Device, context.Options, context.Cancellation, context.WriteWarning);
            context.WriteObject(SessionRegistry.Add(connection, context.Options));
        }
    }
}
