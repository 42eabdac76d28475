using System.Management.Automation;
using RescaleSsh.Items;

namespace RescaleSsh.Commands
{
    /// <summary>Move-RescaleItem: moves items within a device (into a folder, or to a new name), like Move-Item.</summary>
    [Cmdlet(VerbsCommon.Move, "RescaleItem", DefaultParameterSetName = SessionSet, SupportsShouldProcess = true)]
    [OutputType(typeof(RemoteItem))]
    public sealed class MoveRescaleItemCommand : DeviceCommand<MoveRescaleItemCommand.Work>
    {
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = SessionSet)]
        [ValidateNotNullOrEmpty]
        public Session[] Session { get; set; }

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true, ParameterSetName = DeviceSet)]
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = SessionSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; }

        [Parameter(Mandatory = true, Position = 2, ParameterSetName = DeviceSet)]
        [Parameter(Mandatory = true, ParameterSetName = SessionSet)]
        [ValidateNotNullOrEmpty]
        public string Destination { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override Session[] SessionInput => Session;

        /// <summary>One record's move.</summary>
        public sealed class Work
        {
            internal string[] Paths;
            internal string Destination;
            internal bool Force;
            internal bool PassThru;
        }

        internal override Work CreateWork() => new Work { Paths = Path, Destination = Destination, Force = Force, PassThru = PassThru };

        internal override void ProcessDevice(DeviceContext context, Work work)
        {
            var mover = new ItemMover(context.Connection, context.Session, context);
            var sources = new System.Collections.Generic.List<string>();
            foreach (string path in work.Paths)
            {
                var found = ItemPaths.Resolve(context.Connection, path, false, PowerShellWildcards.Instance, context.Cancellation);
                if (found.Count == 0 && !PowerShellWildcards.Instance.HasWildcards(path)) context.WriteError(ItemErrors.NotFound(context.Device, path), path);
                sources.AddRange(found);
            }
            foreach (string source in sources)
            {
                try
                {
                    mover.MoveTo(source, work.Destination, sources.Count > 1, work.Force, work.PassThru, context.Cancellation);
                }
                catch (RescaleSshException ex) when (ex.Category != FailureCategory.ConnectionError)
                {
                    context.WriteError(ex, ex.Target);
                }
            }
        }
    }
}
