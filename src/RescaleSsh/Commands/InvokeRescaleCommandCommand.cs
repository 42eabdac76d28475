using System;
using System.Management.Automation;
using RescaleSsh.Connections;

namespace RescaleSsh.Commands
{
    /// <summary>
    /// Invoke-RescaleCommand: runs one command string on many devices at once (-ThrottleLimit in flight), as typed:
    /// the device's login shell interprets it, nothing local does. One CommandResult per device in completion order; a
    /// non-zero exit is data, a device that cannot be reached is a non-terminating error naming it.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "RescaleCommand", DefaultParameterSetName = SessionSet)]
    [OutputType(typeof(CommandResult), typeof(string))]
    public sealed class InvokeRescaleCommandCommand : DeviceCommand<InvokeRescaleCommandCommand.Work>
    {
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = SessionSet)]
        [ValidateNotNullOrEmpty]
        public Session[] Session { get; set; }

        [Parameter(Mandatory = true, Position = 1, ParameterSetName = DeviceSet)]
        [Parameter(Mandatory = true, ParameterSetName = SessionSet)]
        [ValidateNotNullOrEmpty]
        public string Command { get; set; }

        [Parameter]
        [ValidateRange(0, 7 * 24 * 3600)]
        public int TimeoutSec { get; set; }

        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int MaximumOutputBytes { get; set; } = CommandInvocation.DefaultMaximumOutputBytes;

        [Parameter]
        public SwitchParameter Stream { get; set; }

        protected override Session[] SessionInput => Session;

        /// <summary>One record's command and limits.</summary>
        public sealed class Work
        {
            internal CommandInvocation Invocation;
        }

        internal override Work CreateWork()
        {
            int devices = ParameterSetName == SessionSet ? Session.Length : ComputerName.Length;
            bool several = devices > 1 || MyInvocation.ExpectingInput;
            return new Work { Invocation = new CommandInvocation(Command, new CommandLimits(MaximumOutputBytes, MaximumOutputBytes, TimeSpan.FromSeconds(TimeoutSec)), Stream, several) };
        }

        internal override void ProcessDevice(DeviceContext context, Work record)
        {
            var work = record.Invocation;
            if (context.Session != null)
            {
                context.WriteObject(work.Run(context.Connection.Run, context.Device, context.Session, context, context.Cancellation));
                return;
            }
            using (var channel = DeviceConnector.ConnectForCommands(context.Device, context.Options, context, context.Cancellation))
            {
                context.WriteObject(work.Run(channel.Run, context.Device, null, context, context.Cancellation));
            }
        }
    }
}
