using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using RescaleSsh.Connections;
using RescaleSsh.Transfers;

namespace RescaleSsh.Items
{
    /// <summary>
    /// Copy-RescaleItem fed with RemoteItem objects (Get-RescaleChildItem … | Copy-RescaleItem -Destination ./out):
    /// downloads exactly the items piped, each to the destination joined with its RelativePath, so a recursive
    /// listing keeps its layout. Paths are used literally (a name with [ ] is no wildcard). Folders are created (empty,
    /// as Copy-Item does without -Recurse; with -Recurse their whole content is copied too; a link to a folder counts as
    /// the folder, as scp and Copy-Item follow links). Sockets, FIFOs and broken links are NotAFile. Files go through the
    /// same TransferJob as every copy: temporary name, rename, times, -Update, -Resume, -Verify.
    /// </summary>
    internal sealed class PipedDownload
    {
        private readonly DeviceConnection _connection;
        private readonly IOperationHost _host;
        private readonly IWorkQueue _workers;
        private readonly CancellationToken _cancellation;
        private readonly LocalTree _local = new LocalTree(LocalName.IsWindows);

        public PipedDownload(DeviceConnection connection, IOperationHost host, IWorkQueue workers, CancellationToken cancellation)
        {
            _connection = connection;
            _host = host;
            _workers = workers;
            _cancellation = cancellation;
        }

        /// <summary>Called with the file count and bytes; returns the progress to report into, or null.</summary>
        public Func<int, long, TransferProgress> StartProgress { get; set; }

        public void Run(IReadOnlyList<RemoteItem> items, string destination, CopyRequest template)
        {
            var device = new DeviceFileSystem(_connection.Sftp);
            var folders = items.Where(i => i.IsDirectory).OrderBy(i => i.RelativePath, StringComparer.Ordinal).ToList();
            var files = new List<RemoteItem>();
            foreach (var item in items.Where(i => !i.IsDirectory))
            {
                if (IsCopyable(item)) files.Add(item);
                else NotAFile(item);
            }
            foreach (var folder in folders) CopyFolder(folder, destination, template);
            var planned = new List<(RemoteItem Item, string To)>();
            foreach (var file in files)
            {
                string to = LocalPath(file, destination);
                if (to != null) planned.Add((file, to));
            }
            var progress = planned.Count == 0 ? null : StartProgress?.Invoke(planned.Count, planned.Sum(p => p.Item.Length));
            foreach (var (item, to) in planned)
            {
                if (_cancellation.IsCancellationRequested) break;
                string display = DisplayText.Visible(item.ToString());
                if (!_host.ShouldProcess($"Item: {display} Destination: {to}", "Copy File"))
                {
                    progress?.FileDone(item.Length);
                    continue;
                }
                var job = new TransferItem(item.FullName, to, item.Length, item.LastWriteTimeUtc, item.ToString(), to);
                _workers.Start(token =>
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(to));
                    _host.WriteObject(TransferJob.Run(_connection, device, job, template.Options, progress, _host, token));
                }, ex => _host.WriteError(TransferFailure.Translate(ex, display, "download"), display));
            }
        }

        private void CopyFolder(RemoteItem folder, string destination, CopyRequest template)
        {
            string to = LocalPath(folder, destination);
            if (to == null || !_host.ShouldProcess(to, "Create Directory")) return;
            try
            {
                Directory.CreateDirectory(to);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                _host.WriteError(TransferFailure.Translate(ex, to, "create the folder"), to);
                return;
            }
            if (!template.Recurse) return;
            var request = new CopyRequest
            {
                Direction = TransferDirection.Download,
                Sources = new[] { folder.FullName },
                Destination = Path.GetDirectoryName(to),
                Recurse = true,
                Include = template.Include,
                Exclude = template.Exclude,
                Options = template.Options,
                Wildcards = new LiteralNames(),
            };
            new CopyOperation(_connection, request, _host, _workers, _cancellation).Run();
        }

        /// <summary>A regular file, or a link that leads to one (a dangling link has no LinkTarget).</summary>
        private static bool IsCopyable(RemoteItem item) =>
            item.Mode != null && (item.Mode[0] == '-' || (item.Mode[0] == 'l' && item.LinkTarget != null));

        private void NotAFile(RemoteItem item)
        {
            string display = DisplayText.Visible(item.ToString());
            _host.WriteError(new RescaleSshException("NotAFile", FailureCategory.InvalidType,
                $"'{display}' is not a regular file or folder (a socket, device, FIFO or broken link); it was not copied.", display), display);
        }

        /// <summary>The local path for <paramref name="item"/>: destination + its RelativePath, each name checked; null (and an error) when a name cannot exist here.</summary>
        private string LocalPath(RemoteItem item, string destination)
        {
            string path = destination;
            try
            {
                foreach (var name in (item.RelativePath ?? item.Name).Split('/')) path = _local.Join(path, name);
                return path;
            }
            catch (RescaleSshException ex)
            {
                string display = DisplayText.Visible(item.ToString());
                _host.WriteError(new RescaleSshException(ex.ErrorId, ex.Category, $"'{display}' was not copied. {ex.Message}", display, ex), display);
                return null;
            }
        }

        /// <summary>Wildcard syntax under which nothing is a wildcard: piped items name exact paths.</summary>
        private sealed class LiteralNames : IWildcardSyntax
        {
            public bool HasWildcards(string text) => false;

            public Func<string, bool> Compile(string pattern, bool ignoreCase) => name => string.Equals(name, pattern, StringComparison.Ordinal);
        }
    }
}
