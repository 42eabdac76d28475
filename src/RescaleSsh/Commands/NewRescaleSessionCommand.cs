using System.Management.Automation;
using RescaleSsh.Connections;

namespace RescaleSsh.Commands
{
    /// <summary>New-RescaleSession: opens a connection once for reuse by the other cmdlets, as New-PSSession does.</summary>
    [Cmdlet(VerbsCommon.New, "RescaleSession", DefaultParameterSetName = DeviceSet)]
    [OutputType(typeof(Session))]
    public sealed class NewRescaleSessionCommand : DeviceCommand<NewRescaleSessionCommand.Work>
    {
        /// <summary>Where the new sessions go: the registry of the runspace this command runs in, taken on the pipeline thread.</summary>
        public sealed class Work
        {
            internal SessionRegistry Registry;
        }

        internal override Work CreateWork() => new Work { Registry = RunspaceSessions.Current };

        internal override void ProcessDevice(DeviceContext context, Work work)
        {
            var connection = DeviceConnector.Connect(context.Device, context.Options, context, recordNewHostKey: true, context.Cancellation);
            context.WriteObject(work.Registry.Add(connection, context.Options));
        }
    }
}
