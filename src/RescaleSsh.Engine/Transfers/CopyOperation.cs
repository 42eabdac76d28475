using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using RescaleSsh.Connections;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// The whole Copy-RescaleItem workflow over one connection: find the sources, plan (Copy-Item's destination
    /// rules, -Update's skips, link loops, totals for progress), and only then ask: ShouldProcess for each folder to
    /// create and each file to copy (what -WhatIf lists is what the run would do), then copy the files concurrently
    /// on the command's worker queue, reporting one TransferResult or one error per file and narrating to -Verbose.
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

        /// <summary>Plans and starts every file; a refusal that stops the whole call (e.g. DestinationNotAFolder, TooManyEntries) is thrown.</summary>
        public void Run()
        {
            if (!SftpRequests.Available || _connection.Hooks.PublicApiOnly)
            {
                _host.WriteVerbose("The fast SFTP paths are off (this SSH.NET lacks the internals they use); copying through SSH.NET's public API, which is slower.");
            }
            bool upload = _request.Direction == TransferDirection.Upload;
            var device = new DeviceFileSystem(_connection.Sftp);
            var remote = new RemoteTree(device, _connection.Device);
            var local = new LocalTree(LocalName.IsWindows);
            IFileTree source = upload ? (IFileTree)local : remote;
            IFileTree destination = upload ? (IFileTree)remote : local;

            var sources = upload ? StatLocal(local) : ExpandRemote(remote);
            if (sources.Count == 0) return;
            string destinationPath = upload ? RemotePath.Normalize(_request.Destination) : _request.Destination;
            var plan = TransferPlan.Build(source, destination, sources, destinationPath, _request, _cancellation);
            foreach (var error in plan.Errors) _host.WriteError(error, error.Target);
            foreach (var warning in plan.Warnings) _host.WriteWarning(warning);
            int skipped = plan.Files.Count(f => f.UpToDate);
            _host.WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Planned {0} file(s), {1} bytes, {2} folder(s) to create{3}.",
                plan.Files.Count - skipped, plan.Files.Where(f => !f.UpToDate).Sum(f => f.Length), plan.Folders.Count(f => !f.Exists),
                _request.Options.Update ? string.Format(CultureInfo.InvariantCulture, "; {0} file(s) up to date", skipped) : ""));

            CreateFolders(plan, destination);
            // Measured once, before any file: what the copies keep in flight depends on it (and -Verbose tells it).
            if (plan.Files.Any(f => !f.UpToDate)) _connection.RoundTrip(_host);
            var progress = plan.Files.Count == 0 ? null : StartProgress?.Invoke(plan.Files.Count, plan.TotalBytes);
            FileLanes lanes = null;
            SmallUploads small = null;
            bool smallTried = false;
            var large = new List<TransferItem>();
            try
            {
                foreach (var item in plan.Files)
                {
                    if (_cancellation.IsCancellationRequested) break;
                    if (item.UpToDate)
                    {
                        Skip(item, progress);
                        continue;
                    }
                    if (!_host.ShouldProcess($"Item: {Shown(item.SourceDisplay)} Destination: {Shown(item.DestinationDisplay)}", "Copy File"))
                    {
                        progress?.FileDone(item.Length);
                        continue;
                    }
                    if (item.Length <= FileUploader.TinyFileBytes)
                    {
                        if (!smallTried)
                        {
                            smallTried = true;
                            small = StartSmallUploads(device, progress);
                        }
                        if (small != null) small.Add(item);
                        else (lanes ?? (lanes = StartLanes())).Add(token => CopyInLane(device, item, progress, upload, token));
                        continue;
                    }
                    large.Add(item);
                }
            }
            finally
            {
                lanes?.Complete();
                small?.Complete();
            }
            // Only now: the small files' lanes hold a worker slot until told that no more will come, and with
            // -ThrottleLimit 1 a large file waiting for that slot before they were told never started (the command hung).
            foreach (var item in large)
            {
                if (_cancellation.IsCancellationRequested) break;
                _workers.Start(token => _host.WriteObject(TransferJob.Run(_connection, device, item, _request.Options, progress, _host, token)),
                    ex => _host.WriteError(TransferFailure.Translate(ex, item.SourceDisplay, upload ? "upload" : "download"), item.SourceDisplay));
            }
        }

        /// <summary>Fresh small uploads go to one driver with <see cref="FileLanes.WidthFor"/> files in flight; null when they cannot (<see cref="SmallUploads.For"/>).</summary>
        private SmallUploads StartSmallUploads(DeviceFileSystem device, TransferProgress progress)
        {
            int width = FileLanes.WidthFor(_connection.RoundTrip(_host), _request.MostFilesInFlight);
            var small = SmallUploads.For(_connection, _request.Options, width, progress, _host, new FileLanes(FileLanes.Fewest),
                (item, token) => CopyInLane(device, item, progress, true, token));
            if (small == null) return null;
            _host.WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Small files: up to {0} in flight.", small.Width));
            _workers.Start(small.Run, ex => _host.WriteError(TransferFailure.Translate(ex, _connection.Device.ToString(), "copy"), _connection.Device.ToString()));
            return small;
        }

        /// <summary>Small files go to lanes, as many in flight as the round trip asks for (<see cref="FileLanes.WidthFor"/>).</summary>
        private FileLanes StartLanes()
        {
            int width = FileLanes.WidthFor(_connection.RoundTrip(_host), _request.MostFilesInFlight);
            // -Verify and -Resume run a command on the device per file, each on a channel of the one exec connection:
            // no more at once than sshd's MaxSessions (10 by default) allows.
            if (_request.Options.Verify || _request.Options.Resume) width = Math.Min(width, FileLanes.Fewest);
            var lanes = new FileLanes(width);
            _host.WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Small files: up to {0} in flight.", lanes.Width));
            _workers.Start(lanes.Run, ex => _host.WriteError(TransferFailure.Translate(ex, _connection.Device.ToString(), "copy"), _connection.Device.ToString()));
            return lanes;
        }

        /// <summary>One small file on a lane: its result or its error is reported here, never thrown.</summary>
        private void CopyInLane(DeviceFileSystem device, TransferItem item, TransferProgress progress, bool upload, CancellationToken token)
        {
            try
            {
                _host.WriteObject(TransferJob.Run(_connection, device, item, _request.Options, progress, _host, token));
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                _host.WriteError(TransferFailure.Translate(ex, item.SourceDisplay, upload ? "upload" : "download"), item.SourceDisplay);
            }
        }

        private void Skip(TransferItem item, TransferProgress progress)
        {
            _host.WriteVerbose($"Skipped '{Shown(item.SourceDisplay)}': '{Shown(item.DestinationDisplay)}' has the same size and modification time (-Update).");
            progress?.FileDone(item.Length);
            if (!_request.ReportSkipped) return;
            _host.WriteObject(TransferResult.For(item, _request.Direction, TransferStatus.Skipped, TimeSpan.Zero, 0));
        }

        private static string Shown(string text) => DisplayText.Visible(text);

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
                    var found = remote.Expand(path, _request.Wildcards, _request.MaxEntries, _cancellation);
                    if (found.Count == 0 && !_request.Wildcards.HasWildcards(path))
                    {
                        _host.WriteError(new RescaleSshException("PathNotFound", FailureCategory.ObjectNotFound,
                            $"Cannot find path '{Shown(display)}' because it does not exist on the device.", display), display);
                    }
                    entries.AddRange(found);
                }
                catch (RescaleSshException ex)
                {
                    _host.WriteError(ex, ex.Target ?? display);
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
                if (folder.Exists) continue;
                string display = destination.Display(folder.Path);
                if (!_host.ShouldProcess(Shown(display), "Create Directory")) continue;
                try
                {
                    destination.CreateFolder(folder.Path);
                    _host.WriteVerbose($"Created the folder '{Shown(display)}'.");
                }
                catch (Exception ex) when (!(ex is OperationCanceledException))
                {
                    _host.WriteError(TransferFailure.Translate(ex, display, "create the folder"), display);
                }
            }
        }
    }
}
