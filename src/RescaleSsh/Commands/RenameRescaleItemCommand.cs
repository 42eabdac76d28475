using System.Management.Automation;
using RescaleSsh.Items;

namespace RescaleSsh.Commands
{
    /// <summary>Rename-RescaleItem: renames one item in its folder on devices; an existing name is refused unless -Force.</summary>
    [Cmdlet(VerbsCommon.Rename, "RescaleItem", DefaultParameterSetName = SessionSet, SupportsShouldProcess = true)]
    [OutputType(typeof(RemoteItem))]
    public sealed class RenameRescaleItemCommand : DeviceCommand<RenameRescaleItemCommand.Work>
    {
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = SessionSet)]
        [ValidateNotNullOrEmpty]
        public Session[] Session { get; set; }

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true, ParameterSetName = DeviceSet)]
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = SessionSet)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; }

        [Parameter(Mandatory = true, Position = 2, ValueFromPipelineByPropertyName = true, ParameterSetName = DeviceSet)]
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = SessionSet)]
        [ValidateNotNullOrEmpty]
        public string NewName { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override Session[] SessionInput => Session;

        /// <summary>One record's rename.</summary>
        public sealed class Work
        {
            internal string Path;
            internal string NewName;
            internal bool Force;
            internal bool PassThru;
        }

        internal override Work CreateWork()
        {
            if (!ItemErrors.IsPlainName(NewName)) throw ItemErrors.InvalidName(NewName, "NewName");
            return new Work { Path = Path, NewName = NewName, Force = Force, PassThru = PassThru };
        }

        internal override void ProcessDevice(DeviceContext context, Work work) =>
            new ItemMover(context.Connection, context.Session, context).Rename(work.Path, work.NewName, work.Force, work.PassThru);
    }
}
