using System;
using System.Collections.Generic;
using System.Management.Automation;
using RescaleSsh.Connections;
using RescaleSsh.Items;

namespace RescaleSsh.Commands
{
    /// <summary>
    /// Get-RescaleChildItem: lists folders on devices, shaped like Get-ChildItem (FileZilla's remote pane). Devices by
    /// parameters, <c>user@host:path</c> strings, pipeline objects or sessions; entries stream out as they are read.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "RescaleChildItem", DefaultParameterSetName = SessionSet)]
    [OutputType(typeof(RemoteItem))]
    public sealed class GetRescaleChildItemCommand : DeviceCommand<GetRescaleChildItemCommand.Work>
    {
        /// <summary>Items written between waits for the pipeline thread, so a huge folder never piles up in the queue.</summary>
        private const int WriteBatch = 256;

        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = SessionSet)]
        [ValidateNotNullOrEmpty]
        public Session[] Session { get; set; }

        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true, ParameterSetName = DeviceSet)]
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = SessionSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; }

        [Parameter]
        public SwitchParameter Recurse { get; set; }

        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int Depth { get; set; } = -1;

        [Parameter]
        [SupportsWildcards]
        public string Filter { get; set; }

        [Parameter]
        [SupportsWildcards]
        public string[] Include { get; set; }

        [Parameter]
        [SupportsWildcards]
        public string[] Exclude { get; set; }

        [Parameter]
        public SwitchParameter File { get; set; }

        [Parameter]
        public SwitchParameter Directory { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter FollowSymlink { get; set; }

        protected override Session[] SessionInput => Session;

        /// <summary>One record's paths and listing options.</summary>
        public sealed class Work
        {
            internal string[] Paths;
            internal ListingOptions Options;
        }

        internal override Work CreateWork()
        {
            if (File && Directory)
            {
                throw new RescaleSshException("FileAndDirectory", FailureCategory.InvalidArgument, "-File and -Directory exclude each other: give one, or neither for both.");
            }
            return new Work
            {
                Paths = Path == null || Path.Length == 0 ? new[] { "." } : Path,
                Options = new ListingOptions
                {
                    Recurse = Recurse || Depth >= 0,
                    Depth = Depth >= 0 ? Depth : (int?)null,
                    Filter = PowerShellWildcards.AnyOf(string.IsNullOrEmpty(Filter) ? null : new[] { Filter }),
                    Include = PowerShellWildcards.AnyOf(Include),
                    Exclude = PowerShellWildcards.AnyOf(Exclude),
                    FilesOnly = File,
                    DirectoriesOnly = Directory,
                    Force = Force,
                    FollowSymlink = FollowSymlink,
                    Wildcards = PowerShellWildcards.Instance,
                },
            };
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName != DeviceSet)
            {
                base.ProcessRecord();
                return;
            }
            var devices = new List<string>();
            foreach (string text in ComputerName)
            {
                if (DeviceLocations.TryParse(text, out var location)) StartLocation(location);
                else devices.Add(text);
            }
            if (devices.Count == 0) return;
            ComputerName = devices.ToArray();
            base.ProcessRecord();
        }

        /// <summary>A <c>user@host:path</c> string: that device, that path (plus any -Path; <c>user@host:</c> with -Path lists just those).</summary>
        private void StartLocation(Transfers.RemoteLocation location)
        {
            try
            {
                var work = CreateWork();
                var paths = new List<string>();
                if (location.Path.Length > 0 || Path == null) paths.Add(location.Path);
                if (Path != null) paths.AddRange(Path);
                work.Paths = paths.ToArray();
                Start(ContextFor(location.ToString(), location.Address, UserName ?? CredentialUserName), work);
            }
            catch (RescaleSshException ex)
            {
                this.WriteFailure(ex, ex.Target ?? location.ToString());
            }
            Pipeline.Pump();
        }

        internal override void ProcessDevice(DeviceContext context, Work work)
        {
            int written = 0;
            Action<RemoteItem> emit = item =>
            {
                context.WriteObject(item);
                if (++written % WriteBatch == 0) Pipeline.Invoke(() => true);
            };
            var lister = new ItemLister(context.Connection, context.Session, work.Options, context, emit, context.Cancellation);
            foreach (string path in work.Paths) lister.List(path, literal: false);
        }
    }
}
