using System;
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
                var download = new TransferOptions { Direction = TransferDirection.Download, Update = Update, Resume = Resume, Verify = Verify };
                PipedItemCopy.Run(this, _items, Destination, new CopyRequest { Options = download, Recurse = Recurse, MaxEntries = MaxEntries, Include = PowerShellWildcards.AnyOf(Include), Exclude = PowerShellWildcards.AnyOf(Exclude) });
                if (_input.Paths.Count == 0) return;
            }
            var route = this.OrThrowFailure(Route);
            var options = new TransferOptions { Direction = route.Direction, Update = Update, Resume = Resume, Verify = Verify };
            var request = this.OrThrowFailure(() => LocalCopySides.Request(this, route, _input, Destination, options));
            request.Recurse = Recurse;
            request.Include = PowerShellWildcards.AnyOf(Include);
            request.Exclude = PowerShellWildcards.AnyOf(Exclude);
            request.MaxEntries = MaxEntries;
            request.MostFilesInFlight = MyInvocation.BoundParameters.ContainsKey(nameof(ThrottleLimit)) ? ThrottleLimit : 0;
            request.ReportSkipped = !LocalCopySides.WhatIf(this);
            if (request.Sources.Count == 0) return;
            var context = route.Session != null ? ContextFor(route.Session.Device, null, route.Session) : this.OrThrowFailure(() => Resolve(route.Address));
            context.Cancellation = Pipeline.Cancellation;
            try
            {
                var operation = new CopyOperation(Connect(context), request, context, Pipeline, Pipeline.Cancellation);
                var progress = new TransferProgressWriter(this, (route.Direction == TransferDirection.Upload ? "Uploading to " : "Downloading from ") + context.Device);
                operation.StartProgress = progress.Start;
                this.OrThrowFailure(() => { operation.Run(); return true; });
                Pipeline.Drain();
                Pipeline.Pump();
                progress.Complete();
            }
            finally
            {
                Release(context);
            }
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

        /// <summary>The remote side's device, through ~/.ssh/config (alias:path and user@alias:path), -Port and the other parameters winning.</summary>
        private DeviceContext Resolve(DeviceAddress address)
        {
            var device = ResolveDevice(address.ToString(), address, CredentialUserName, out var options);
            return ContextFor(device, options, null);
        }

        private DeviceConnection Connect(DeviceContext context)
        {
            try
            {
                return context.Connection;
            }
            catch (RescaleSshException ex)
            {
                this.ThrowFailure(ex, context.Session ?? (object)context.Device);
                throw;
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
        }
    }
}
