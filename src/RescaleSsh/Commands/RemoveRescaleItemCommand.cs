using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using RescaleSsh.Items;

namespace RescaleSsh.Commands
{
    /// <summary>
    /// Remove-RescaleItem: removes files, folders (-Recurse) and links on devices, like Remove-Item, asking before each
    /// item (ConfirmImpact High). RemoteItem objects piped from Get-RescaleChildItem are removed through their own
    /// device or session, one connection per device, deepest paths first.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "RescaleItem", DefaultParameterSetName = SessionSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    public sealed class RemoveRescaleItemCommand : DeviceCommand<RemoveRescaleItemCommand.Work>
    {
        private readonly List<RemoteItem> _items = new List<RemoteItem>();

        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = SessionSet)]
        [ValidateNotNullOrEmpty]
        public Session[] Session { get; set; }

        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true, ParameterSetName = DeviceSet)]
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = SessionSet)]
        [SupportsWildcards]
        public string[] Path { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("LP", "PSPath")]
        public string[] LiteralPath { get; set; }

        /// <summary>A RemoteItem from Get-RescaleChildItem: removed through its own device or session.</summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public RemoteItem InputObject { get; set; }

        [Parameter]
        public SwitchParameter Recurse { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override Session[] SessionInput => Session;

        /// <summary>One record's paths.</summary>
        public sealed class Work
        {
            internal List<(string Path, bool Literal)> Paths = new List<(string, bool)>();
            internal bool Recurse;
            internal bool Force;
        }

        internal override Work CreateWork()
        {
            var work = new Work { Recurse = Recurse, Force = Force };
            foreach (var path in Path ?? System.Array.Empty<string>()) work.Paths.Add((path, false));
            foreach (var path in LiteralPath ?? System.Array.Empty<string>()) work.Paths.Add((path, true));
            if (work.Paths.Count == 0)
            {
                throw new RescaleSshException("NoPath", FailureCategory.InvalidArgument, "Name what to remove with -Path or -LiteralPath, or pipe items from Get-RescaleChildItem.");
            }
            return work;
        }

        protected override void ProcessRecord()
        {
            if (InputObject != null) _items.Add(InputObject);
            else base.ProcessRecord();
        }

        protected override void EndProcessing()
        {
            foreach (var group in _items.GroupBy(i => (object)i.Session ?? i.Device))
            {
                var work = new Work { Recurse = Recurse, Force = Force };
                foreach (var item in group.OrderByDescending(i => i.FullName.Count(c => c == '/')).ThenBy(i => i.FullName, System.StringComparer.Ordinal))
                {
                    work.Paths.Add((item.FullName, true));
                }
                var first = group.First();
                try
                {
                    Start(first.Session != null ? ContextFor(first.Session.Device, null, first.Session) : ContextFor(first.Device), work);
                }
                catch (RescaleSshException ex)
                {
                    this.WriteFailure(ex, ex.Target);
                }
            }
            base.EndProcessing();
        }

        internal override void ProcessDevice(DeviceContext context, Work work)
        {
            var remover = new ItemRemover(context.Connection, context, context.Cancellation);
            foreach (var (path, literal) in work.Paths)
            {
                var found = ItemPaths.Resolve(context.Connection, path, literal, PowerShellWildcards.Instance, context.Cancellation);
                foreach (string target in found) remover.Remove(target, work.Recurse, work.Force);
            }
        }
    }
}
