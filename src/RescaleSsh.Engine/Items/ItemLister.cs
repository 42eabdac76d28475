using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using RescaleSsh.Connections;
using RescaleSsh.Transfers;
using Renci.SshNet.Sftp;

namespace RescaleSsh.Items
{
    /// <summary>
    /// Get-RescaleChildItem's walk over one device. Entries are written as they are read: each folder's entries are
    /// sorted by name (ordinal) before they are written, holding at most <see cref="ListingOptions.SortWindow"/> of
    /// them (past that, the rest of that folder follows in the device's order), then its subfolders are walked in name
    /// order, as Get-ChildItem -Recurse does. Only the names of a folder's subfolders wait for their turn. Links are
    /// listed, not followed, unless FollowSymlink: then a link whose realpath is the folder itself or one of its
    /// ancestors is a loop, skipped with a warning. A folder that cannot be read is an error for it and the walk goes
    /// on; a connection cut mid-listing ends the device's listing with an error, never a silently short list.
    /// </summary>
    internal sealed class ItemLister
    {
        private readonly DeviceConnection _connection;
        private readonly ListingOptions _options;
        private readonly IOperationHost _host;
        private readonly Action<RemoteItem> _emit;
        private readonly CancellationToken _cancellation;
        private readonly SftpPathRequests _directory;
        private readonly ItemDescriber _describe;

        public ItemLister(DeviceConnection connection, Session session, ListingOptions options, IOperationHost host, Action<RemoteItem> emit, CancellationToken cancellation)
        {
            _connection = connection;
            _options = options;
            _host = host;
            _emit = emit;
            _cancellation = cancellation;
            _directory = new SftpPathRequests(connection.Sftp, connection.Hooks);
            _describe = new ItemDescriber(connection.Device, session, _directory);
        }

        /// <summary>Lists <paramref name="path"/> (wildcards expand unless <paramref name="literal"/>): a folder's entries, or a file itself.</summary>
        public void List(string path, bool literal)
        {
            string home = _connection.Sftp.WorkingDirectory;
            using (var prefetch = new FolderPrefetch(_directory, _cancellation))
            try
            {
                if (!literal && _options.Wildcards.HasWildcards(path))
                {
                    var found = new RemoteTree(new DeviceFileSystem(_connection.Sftp), _connection.Device).Expand(path, _options.Wildcards, PlanBudget.DefaultMaxEntries, _cancellation);
                    foreach (var entry in found) ListRoot(DevicePaths.Absolute(home, entry.Path), prefetch);
                    return;
                }
                ListRoot(DevicePaths.Absolute(home, path), prefetch);
            }
            catch (RescaleSshException ex) when (ex.Category != FailureCategory.ConnectionError)
            {
                _host.WriteError(ex, ex.Target); // this path only: the others go on
            }
        }

        private void ListRoot(string root, FolderPrefetch prefetch)
        {
            SftpFileAttributes own;
            try
            {
                own = _directory.LStat(root);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                throw Failure(ex, root, "list");
            }
            var followed = own.IsSymbolicLink ? _describe.TryStat(root) : own;
            if (followed != null && followed.IsDirectory)
            {
                var ancestors = new List<string>();
                if (_options.FollowSymlink) ancestors.Add(_directory.RealPath(root));
                Walk(root, "", 0, ancestors, prefetch);
                return;
            }
            var item = _describe.Item(root, RemotePath.GetLeaf(root), RemotePath.GetLeaf(root), own, followed);
            if (Wanted(item)) _emit(item);
        }

        private void Walk(string folder, string relative, int depth, List<string> ancestors, FolderPrefetch prefetch)
        {
            var held = new List<RemoteItem>();
            var subfolders = new List<RemoteItem>();
            bool streaming = false;
            try
            {
                foreach (var entry in prefetch.Read(folder, _cancellation))
                {
                    string name = entry.Key;
                    if (!_options.Force && name.StartsWith(".", StringComparison.Ordinal)) continue;
                    var attributes = entry.Value;
                    string path = RemotePath.Join(folder, name);
                    var followed = attributes.IsSymbolicLink ? _describe.TryStat(path) : attributes;
                    var item = _describe.Item(path, name, relative.Length == 0 ? name : relative + "/" + name, attributes, followed);
                    bool descend = item.IsDirectory && (!item.IsSymlink || _options.FollowSymlink) && _options.Recurse &&
                                   (_options.Depth == null || depth < _options.Depth.Value);
                    if (descend) subfolders.Add(item);
                    if (!Wanted(item)) continue;
                    if (streaming)
                    {
                        _emit(item);
                        continue;
                    }
                    held.Add(item);
                    if (held.Count < _options.SortWindow) continue;
                    EmitSorted(held);
                    streaming = true;
                    _host.WriteVerbose($"'{Display(folder)}' holds more than {_options.SortWindow} entries: the rest of it is listed in the device's order.");
                }
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                EmitSorted(held);
                var failure = Failure(ex, folder, "list");
                if (failure.Category == FailureCategory.ConnectionError) throw failure;
                _host.WriteError(failure, failure.Target);
                return;
            }
            EmitSorted(held);
            subfolders.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            var next = new List<(RemoteItem Folder, List<string> Ancestors)>();
            foreach (var sub in subfolders)
            {
                var below = Descend(sub, ancestors);
                if (below != null) next.Add((sub, below));
            }
            prefetch.Ahead(next.Select(n => n.Folder.FullName).ToList());
            foreach (var (sub, below) in next)
            {
                _cancellation.ThrowIfCancellationRequested();
                Walk(sub.FullName, sub.RelativePath, depth + 1, below, prefetch);
            }
        }

        /// <summary>The ancestors' real paths below <paramref name="sub"/>, or null when following it would loop.</summary>
        private List<string> Descend(RemoteItem sub, List<string> ancestors)
        {
            if (!_options.FollowSymlink) return ancestors;
            string real = sub.IsSymlink ? sub.LinkTarget : RemotePath.Join(ancestors[ancestors.Count - 1], sub.Name);
            if (real == null) return null;
            if (ancestors.Contains(real))
            {
                _host.WriteWarning($"'{Display(sub.FullName)}' leads to '{DisplayText.Visible(real)}', which holds it: a link loop. It was listed but not followed.");
                return null;
            }
            return new List<string>(ancestors) { real };
        }

        private void EmitSorted(List<RemoteItem> held)
        {
            held.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            foreach (var item in held) _emit(item);
            held.Clear();
        }

        private bool Wanted(RemoteItem item)
        {
            if (_options.FilesOnly && item.IsDirectory) return false;
            if (_options.DirectoriesOnly && !item.IsDirectory) return false;
            if (_options.Filter != null && !_options.Filter(item.Name)) return false;
            if (_options.Include != null && !_options.Include(item.Name)) return false;
            return _options.Exclude == null || !_options.Exclude(item.Name);
        }

        private string Display(string path) => DisplayText.Visible(RemoteLocation.Format(_connection.Device, path));

        private RescaleSshException Failure(Exception ex, string path, string action)
        {
            string display = Display(path);
            if (ex is Renci.SshNet.Common.SftpPathNotFoundException)
            {
                return new RescaleSshException("PathNotFound", FailureCategory.ObjectNotFound,
                    $"Cannot find path '{display}' because it does not exist on the device.", display, ex);
            }
            return FailureTranslator.Translate(ex, display, action, writing: false,
                afterConnectionLoss: "The listing is incomplete: run the command again.", localIsRemote: true);
        }
    }
}
