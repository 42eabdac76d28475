using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using RescaleSsh.Connections;
using RescaleSsh.Transfers;

namespace RescaleSsh.Commands
{
    /// <summary>
    /// Copy-RescaleItem: SFTP upload and download shaped like Copy-Item. The direction comes from -ToSession /
    /// -FromSession, or from which side is written user@host:path (TransferRoute); the engine's CopyOperation does
    /// the rest on this command's worker pool. Results, errors and progress are written from the pipeline thread only.
    /// </summary>
    [Cmdlet(VerbsCommon.Copy, "RescaleItem", DefaultParameterSetName = DeviceSet, SupportsShouldProcess = true)]
    [OutputType(typeof(TransferResult))]
    public sealed class CopyRescaleItemCommand : ConnectionCommand
    {
        private const string ToSessionSet = "ToSession";
        private const string FromSessionSet = "FromSession";

        private readonly List<string> _paths = new List<string>();

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; }

        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        public string Destination { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ToSessionSet)]
        [ValidateNotNull]
        public Session ToSession { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = FromSessionSet)]
        [ValidateNotNull]
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

        protected override void ProcessRecord() => _paths.AddRange(Path);

        protected override void EndProcessing()
        {
            var route = Route();
            var request = Request(route);
            if (request.Sources.Count == 0) return;
            var context = ContextFor(route.Device ?? route.Session.Device, route.Session == null ? Options() : null, route.Session);
            context.Cancellation = Pipeline.Cancellation;
            try
            {
                var operation = new CopyOperation(Connect(context), request, context, Pipeline, Pipeline.Cancellation);
                var progress = new TransferProgressWriter(this, (route.Direction == TransferDirection.Upload ? "Uploading to " : "Downloading from ") + context.Device);
                operation.StartProgress = progress.Start;
                try
                {
                    operation.Run();
                }
                catch (RescaleSshException ex)
                {
                    this.ThrowFailure(ex, ex.Target);
                }
                Pipeline.Drain();
                Pipeline.Pump();
                progress.Complete();
            }
            finally
            {
                Release(context);
            }
        }

        private ConnectionOptions Options()
        {
            try
            {
                return ResolveOptions();
            }
            catch (RescaleSshException ex)
            {
                this.ThrowFailure(ex, ex.Target);
                throw;
            }
        }

        private TransferRoute Route()
        {
            try
            {
                switch (ParameterSetName)
                {
                    case ToSessionSet: return TransferRoute.ToSession(ToSession, Destination);
                    case FromSessionSet: return TransferRoute.FromSession(FromSession, _paths);
                    default: return TransferRoute.FromPaths(_paths, Destination, Port);
                }
            }
            catch (RescaleSshException ex)
            {
                this.ThrowFailure(ex, ex.Target);
                throw;
            }
        }

        /// <summary>The request with local paths resolved; a local source that does not exist is a PathNotFound error.</summary>
        private CopyRequest Request(TransferRoute route)
        {
            bool upload = route.Direction == TransferDirection.Upload;
            var request = new CopyRequest
            {
                Direction = route.Direction,
                Recurse = Recurse,
                Include = PowerShellWildcards.AnyOf(Include),
                Exclude = PowerShellWildcards.AnyOf(Exclude),
                Options = new TransferOptions { Direction = route.Direction, Update = Update, Resume = Resume, Verify = Verify },
                Wildcards = PowerShellWildcards.Instance,
            };
            try
            {
                request.Sources = upload ? ExistingLocalSources() : route.RemotePaths;
                request.Destination = upload
                    ? route.RemoteDestination
                    : LocalPaths.ResolveOne(this, Destination ?? SessionState.Path.CurrentFileSystemLocation.ProviderPath);
            }
            catch (RescaleSshException ex)
            {
                this.ThrowFailure(ex, ex.Target);
            }
            return request;
        }

        private List<string> ExistingLocalSources()
        {
            var sources = new List<string>();
            foreach (var path in _paths)
            {
                IReadOnlyList<string> resolved;
                try
                {
                    resolved = LocalPaths.Resolve(this, path);
                }
                catch (RescaleSshException ex)
                {
                    this.WriteFailure(ex, path);
                    continue;
                }
                bool wildcard = WildcardPattern.ContainsWildcardCharacters(path);
                foreach (var file in resolved)
                {
                    if (File.Exists(file) || Directory.Exists(file)) sources.Add(file);
                    else if (!wildcard) this.WriteFailure(MissingLocal(path), path);
                }
            }
            return sources;
        }

        private static RescaleSshException MissingLocal(string path) =>
            new RescaleSshException("PathNotFound", FailureCategory.ObjectNotFound, $"Cannot find path '{path}' because it does not exist.", path);

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
