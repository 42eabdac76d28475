using System.Collections.Generic;
using System.Management.Automation;
using RescaleSsh.Connections;
using RescaleSsh.Transfers;

namespace RescaleSsh.Commands
{
    /// <summary>
    /// Copy-RescaleItem: SFTP upload and download shaped like Copy-Item. The direction comes from -ToSession /
    /// -FromSession, or from which side is written user@host:path or alias:path (TransferRoute); the engine's CopyOperation does
    /// the rest on this command's worker pool. Results, errors and progress are written from the pipeline thread only.
    /// </summary>
    [Cmdlet(VerbsCommon.Copy, "RescaleItem", DefaultParameterSetName = DeviceSet, SupportsShouldProcess = true)]
    [OutputType(typeof(TransferResult))]
    public sealed class CopyRescaleItemCommand : ConnectionCommand
    {
        private const string ToSessionSet = "ToSession";
        private const string FromSessionSet = "FromSession";

        private readonly CopyPathInput _input = new CopyPathInput();
        private readonly List<RemoteItem> _items = new List<RemoteItem>();

        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(RemotePathCompleter))]
        public string[] Path { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("LP", "PSPath")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; }

        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(RemotePathCompleter))]
        public string Destination { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ToSessionSet)]
        [ValidateNotNull]
        [ArgumentCompleter(typeof(SessionCompleter))]
        public Session ToSession { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = FromSessionSet)]
        [ValidateNotNull]
        [ArgumentCompleter(typeof(SessionCompleter))]
        public Session FromSession { get; set; }

        [Parameter]
        public SwitchParameter Recurse { get; set; }

        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Include { get; set; }

        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Exclude { get; set; }

        [Parameter]
        public SwitchParameter Update { get; set; }

        [Parameter]
        public SwitchParameter Resume { get; set; }

        [Parameter]
        public SwitchParameter Verify { get; set; }

        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int MaxEntries { get; set; } = PlanBudget.DefaultMaxEntries;

        /// <summary>A RemoteItem from Get-RescaleChildItem: copied through its own device or session, keeping its relative layout.</summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public RemoteItem InputObject { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _input.Begin(MyInvocation.BoundParameters);
        }

        protected override void ProcessRecord()
        {
            if (InputObject != null) _items.Add(InputObject);
            else this.OrThrowFailure(() => { _input.Add(Path, LiteralPath); return true; });
        }

        protected override void EndProcessing()
        {
            if (_items.Count > 0)
            {
                PipedItemCopy.Run(this, _items, Destination, Filtered(new CopyRequest { Options = Options(TransferDirection.Download) }));
                if (_input.Paths.Count == 0) return;
            }
            var route = this.OrThrowFailure(Route);
            var request = Filtered(this.OrThrowFailure(() => LocalCopySides.Request(this, route, _input, Destination, Options(route.Direction))));
            request.ReportSkipped = !LocalCopySides.WhatIf(this);
            if (request.Sources.Count == 0) return;
            RoutedCopy.Run(this, route, request);
        }

        private TransferRoute Route()
        {
            switch (ParameterSetName)
            {
                case ToSessionSet: return TransferRoute.ToSession(ToSession, Destination);
                case FromSessionSet: return TransferRoute.FromSession(FromSession, _input.Paths);
                default: return TransferRoute.FromPaths(_input.Paths, Destination);
            }
        }

        private TransferOptions Options(TransferDirection direction) =>
            new TransferOptions { Direction = direction, Update = Update, Resume = Resume, Verify = Verify };

        private CopyRequest Filtered(CopyRequest request)
        {
            request.Recurse = Recurse;
            request.MaxEntries = MaxEntries;
            request.Include = PowerShellWildcards.AnyOf(Include);
            request.Exclude = PowerShellWildcards.AnyOf(Exclude);
            request.MostFilesInFlight = MyInvocation.BoundParameters.ContainsKey(nameof(ThrottleLimit)) ? ThrottleLimit : 0;
            return request;
        }
    }
}
