using System.Management.Automation;
using RescaleSsh.Items;

namespace RescaleSsh.Commands
{
    /// <summary>New-RescaleItem: creates folders (mkdir -p with -Force) or small text files on devices, like New-Item.</summary>
    [Cmdlet(VerbsCommon.New, "RescaleItem", DefaultParameterSetName = SessionSet, SupportsShouldProcess = true)]
    [OutputType(typeof(RemoteItem))]
    public sealed class NewRescaleItemCommand : DeviceCommand<NewRescaleItemCommand.Work>
    {
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = SessionSet)]
        [ValidateNotNullOrEmpty]
        public Session[] Session { get; set; }

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true, ParameterSetName = DeviceSet)]
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = SessionSet)]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateSet("Directory", "File", IgnoreCase = true)]
        [Alias("Type")]
        public string ItemType { get; set; } = "File";

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string Value { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override Session[] SessionInput => Session;

        /// <summary>One record's paths, kind and content.</summary>
        public sealed class Work
        {
            internal string[] Paths;
            internal bool Directory;
            internal byte[] Content;
            internal bool Force;
        }

        internal override Work CreateWork()
        {
            bool directory = string.Equals(ItemType, "Directory", System.StringComparison.OrdinalIgnoreCase);
            if (directory && Value != null)
            {
                throw new RescaleSshException("ValueForDirectory", FailureCategory.InvalidArgument, "-Value is the content of a new file; a folder has none. Leave out -Value or use -ItemType File.");
            }
            return new Work { Paths = Path, Directory = directory, Content = directory ? null : ItemCreator.Encode(Value), Force = Force };
        }

        internal override void ProcessDevice(DeviceContext context, Work work)
        {
            var creator = new ItemCreator(context.Connection, context.Session, context);
            foreach (string path in work.Paths) creator.Create(path, work.Directory, work.Content, work.Force, context.Cancellation);
        }
    }
}
