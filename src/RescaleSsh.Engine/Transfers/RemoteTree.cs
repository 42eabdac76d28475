using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using RescaleSsh.Connections;
using Renci.SshNet.Common;
using Renci.SshNet.Sftp;

namespace RescaleSsh.Transfers
{
    /// <summary>The device's file system over SFTP as one side of a copy. Links are followed, as scp and Copy-Item do.</summary>
    internal sealed class RemoteTree : IFileTree
    {
        private static readonly char[] Slash = { '/' };

        private readonly DeviceFileSystem _files;
        private readonly Device _device;

        public RemoteTree(DeviceFileSystem files, Device device)
        {
            _files = files;
            _device = device;
        }

        public string Display(string path) => RemoteLocation.Format(_device, path);

        public TreeEntry Stat(string path)
        {
            var attributes = _files.Stat(path);
            return attributes == null ? null : ToEntry(path, RemotePath.GetLeaf(path), attributes, isLink: false);
        }

        public TreeEntry Look(string path)
        {
            var own = _files.Look(path);
            if (own == null) return null;
            if (!own.IsSymbolicLink) return ToEntry(path, RemotePath.GetLeaf(path), own, isLink: false);
            var target = _files.Stat(path);
            return target == null
                ? new TreeEntry(path, RemotePath.GetLeaf(path), TreeEntryKind.Other, 0, own.LastWriteTimeUtc, isLink: true)
                : ToEntry(path, RemotePath.GetLeaf(path), target, isLink: true);
        }

        public IReadOnlyList<TreeEntry> List(string folder, int limit, CancellationToken cancellation)
        {
            var entries = new List<TreeEntry>();
            foreach (var listed in _files.List(folder, limit, cancellation))
            {
                cancellation.ThrowIfCancellationRequested();
                string name = listed.Key;
                // A name holding '/' is no file name: it is listed as it came (the plan refuses it), never joined into a path.
                string path = IsFileName(name) ? RemotePath.Join(folder, name) : folder + "/" + name;
                var attributes = listed.Value;
                if (attributes.IsSymbolicLink && IsFileName(name))
                {
                    var target = _files.Stat(path);
                    entries.Add(target == null
                        ? new TreeEntry(path, name, TreeEntryKind.Other, 0, attributes.LastWriteTimeUtc, isLink: true)
                        : ToEntry(path, name, target, isLink: true));
                    continue;
                }
                entries.Add(ToEntry(path, name, attributes, attributes.IsSymbolicLink));
            }
            entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            return entries;
        }

        /// <summary>A folder reached without a link is its parent's path plus its name; a link or a top folder costs one SSH_FXP_REALPATH.</summary>
        public string Identity(TreeEntry folder, string parentIdentity) =>
            parentIdentity != null && !folder.IsLink ? RemotePath.Join(parentIdentity, folder.Name) : _files.RealPath(folder.Path);

        public static bool IsFileName(string name) =>
            name.Length > 0 && name != "." && name != ".." && name.IndexOf('/') < 0 && name.IndexOf('\0') < 0;

        public string Join(string folder, string name)
        {
            if (name.IndexOf('/') >= 0 || name.IndexOf('\0') >= 0)
            {
                throw new RescaleSshException("InvalidRemoteName", FailureCategory.InvalidArgument,
                    $"The name '{DisplayText.Visible(name)}' cannot be a file name on the device: it holds '/' or NUL.", name);
            }
            return RemotePath.Join(folder, name);
        }

        public string GetLeaf(string path) => RemotePath.GetLeaf(path);

        public void CreateFolder(string path)
        {
            try
            {
                _files.Sftp.CreateDirectory(path);
            }
            catch (SshException) when (Stat(path)?.IsFolder == true)
            {
                // Already there (SFTP v3 answers "failure", not "exists"): fine.
            }
        }

        /// <summary>
        /// Expands wildcards (* ? [..]) in any segment of a remote path by listing folders, as a shell's glob
        /// does: a leading '*' does not match names starting with '.', unless the pattern starts with '.'. The
        /// folder the first wildcard is in must exist (Copy-Item's "Cannot find path"); below that, a pattern that
        /// matches nothing is not an error.
        /// </summary>
        public IReadOnlyList<TreeEntry> Expand(string pattern, IWildcardSyntax wildcards, int limit, CancellationToken cancellation)
        {
            string path = RemotePath.Normalize(pattern);
            if (!wildcards.HasWildcards(path))
            {
                var single = Stat(path);
                return single == null ? Array.Empty<TreeEntry>() : new[] { single };
            }
            bool absolute = path.StartsWith("/", StringComparison.Ordinal);
            var segments = path.Split(Slash, StringSplitOptions.RemoveEmptyEntries);
            var current = new List<string> { absolute ? "/" : "." };
            bool firstPattern = true;
            for (int i = 0; i < segments.Length; i++)
            {
                string segment = segments[i];
                bool last = i == segments.Length - 1;
                var next = new List<string>();
                foreach (var folder in current)
                {
                    if (!wildcards.HasWildcards(segment))
                    {
                        next.Add(folder == "." ? segment : RemotePath.Join(folder, segment));
                        continue;
                    }
                    var match = wildcards.Compile(segment, ignoreCase: false);
                    IReadOnlyList<TreeEntry> children;
                    try { children = List(folder, limit, cancellation); }
                    catch (SftpPathNotFoundException) when (firstPattern) { throw MissingFolder(folder); }
                    catch (SftpPathNotFoundException) { continue; }
                    catch (SftpPermissionDeniedException) { continue; }
                    foreach (var child in children)
                    {
                        if (!IsFileName(child.Name)) continue;
                        if (child.Name.StartsWith(".", StringComparison.Ordinal) && !segment.StartsWith(".", StringComparison.Ordinal)) continue;
                        if (!match(child.Name)) continue;
                        if (!last && !child.IsFolder) continue;
                        next.Add(child.Path);
                    }
                }
                if (wildcards.HasWildcards(segment)) firstPattern = false;
                current = next;
            }
            return current.Select(Stat).Where(e => e != null).ToList();
        }

        private RescaleSshException MissingFolder(string folder)
        {
            string display = Display(folder);
            return new RescaleSshException("PathNotFound", FailureCategory.ObjectNotFound,
                $"Cannot find path '{DisplayText.Visible(display)}' because it does not exist on the device.", display);
        }

        private static TreeEntry ToEntry(string path, string name, SftpFileAttributes attributes, bool isLink)
        {
            var kind = attributes.IsDirectory ? TreeEntryKind.Folder : attributes.IsRegularFile ? TreeEntryKind.File : TreeEntryKind.Other;
            return new TreeEntry(path, name, kind, attributes.Size, attributes.LastWriteTimeUtc, isLink);
        }
    }
}
