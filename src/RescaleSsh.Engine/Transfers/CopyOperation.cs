using System;
using System.Collections.Generic;
using System.Threading;
using RescaleSsh.Connections;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// The whole Copy-RescaleItem workflow over one connection: find the sources, plan (Copy-Item's destination
    /// rules, totals for progress), create folders, then copy the files concurrently on the command's worker queue,
    /// asking ShouldProcess for each change and reporting one TransferResult or one error per file.
    /// </summary>
    internal sealed class CopyOperation
    {
        private readonly DeviceConnection _connection;
        private readonly CopyRequest _request;
        private readonly IOperationHost _host;
        private readonly IWorkQueue _workers;
        private readonly CancellationToken _cancellation;

        public CopyOperation(DeviceConnection connection, CopyRequest request, IOperationHost host, IWorkQueue workers, CancellationToken cancellation)
        {
            _connection = connection;
            _request = request;
            _host = host;
            _workers = workers;
            _cancellation = cancellation;
        }

        /// <summary>Called once the plan is known with its file count and bytes; returns the progress to report into, or null.</summary>
        public Func<int, long, TransferProgress> StartProgress { get; set; }

        /// <summary>Plans and starts every file; a refusal that stops the whole call (e.g. DestinationNotAFolder) is thrown.</summary>
        public void Run()
        {
            if (!SftpRequests.Available || _connection.Hooks.PublicApiOnly)
            {
                _host.WriteVerbose("The fast SFTP paths are off (this SSH.NET lacks the internals they use); copying through SSH.NET's public API, which is slower.");
            }
            bool upload = _request.Direction == TransferDirection.Upload;
            var remote = new RemoteTree(_connection.Sftp, _connection.Device);
            var local = new LocalTree(LocalName.IsWindows);
            IFileTree source = upload ? (IFileTree)local : remote;
            IFileTree destination = upload ? (IFileTree)remote : local;

            var sources = upload ? StatLocal(local) : ExpandRemote(remote);
            if (sources.Count == 0) return;
            string destinationPath = upload ? RemotePath.Normalize(_request.Destination) : _request.Destination;
            var plan = TransferPlan.Build(source, destination, sources, destinationPath, _request.Recurse, _request.Include, _request.Exclude, _cancellation);
            foreach (var error in plan.Errors) _host.WriteError(error, error.Target);

            CreateFolders(plan, destination);
            var progress = plan.Files.Count == 0 ? null : StartProgress?.Invoke(plan.Files.Count, plan.TotalBytes);
            foreach (var item in plan.Files)
            {
                if (_cancellation.IsCancellationRequested) break;
                if (!_host.ShouldProcess($"Item: {item.SourceDisplay} Destination: {item.DestinationDisplay}", "Copy File"))
                {
                    progress?.FileDone(item.Length);
                    continue;
                }
                _workers.Start(token => _host.WriteObject(TransferJob.Run(_connection, item, _request.Options, progress, token)),
                    ex => _host.WriteError(TransferFailure.Translate(ex, item.SourceDisplay, upload ? "upload" : "download"), item.SourceDisplay));
            }
        }

        private List<TreeEntry> StatLocal(LocalTree local)
        {
            var entries = new List<TreeEntry>();
            foreach (var path in _request.Sources)
            {
                var entry = local.Stat(path);
                if (entry != null) entries.Add(entry);
            }
            return entries;
        }

        private List<TreeEntry> ExpandRemote(RemoteTree remote)
        {
            var entries = new List<TreeEntry>();
            foreach (var path in _request.Sources)
            {
                string display = remote.Display(path);
                try
                {
                    var found = remote.Expand(path, _request.Wildcards, _cancellation);
                    if (found.Count == 0 && !_request.Wildcards.HasWildcards(path))
                    {
                        _host.WriteError(new RescaleSshException("PathNotFound", FailureCategory.ObjectNotFound,
                            $"Cannot find path '{display}' because it does not exist on the device.", display), display);
                    }
                    entries.AddRange(found);
                }
                catch (Exception ex) when (!(ex is OperationCanceledException))
                {
                    _host.WriteError(TransferFailure.Translate(ex, display, "read"), display);
                }
            }
            return entries;
        }

        private void CreateFolders(TransferPlan plan, IFileTree destination)
        {
            foreach (var folder in plan.Folders)
            {
                string display = destination.Display(folder);
                if (!_host.ShouldProcess(display, "Create Directory")) continue;
                try
                {
                    destination.CreateFolder(folder);
                }
                catch (Exception ex) when (!(ex is OperationCanceledException))
                {
                    _host.WriteError(TransferFailure.Translate(ex, display, "create the folder"), display);
                }
            }
        }
    }
}
