using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using RescaleSsh.Connections;
using Renci.SshNet;
using Renci.SshNet.Common;
using Renci.SshNet.Sftp;

namespace RescaleSsh.Transfers
{
    /// <summary>The device's file system over SFTP as one side of a copy. Links are followed, as scp and Copy-Item do.</summary>
    internal sealed class RemoteTree : IFileTree
    {
        private static readonly char[] Slash = { '/' };

        private readonly SftpClient _sftp;
        private readonly Device _device;

        public RemoteTree(SftpClient sftp, Device device)
        {
            _sftp = sftp;
            _device = device;
        }

        public string Display(string path) => RemoteLocation.Format(_device, path);

        public TreeEntry Stat(string path)
        {
            try
            {
                return ToEntry(path, RemotePath.GetLeaf(path), _sftp.GetAttributes(path));
            }
            catch (SftpPathNotFoundException)
            {
                return null;
            }
        }

        public IReadOnlyList<TreeEntry> List(string folder, CancellationToken cancellation)
        {
            var entries = new List<TreeEntry>();
            foreach (var file in _sftp.ListDirectory(folder))
            {
                cancellation.ThrowIfCancellationRequested();
                if (file.Name == "." || file.Name == "..") continue;
                string path = RemotePath.Join(folder, file.Name);
                var attributes = file.Attributes;
                if (attributes.IsSymbolicLink)
                {
                    try { attributes = _sftp.GetAttributes(path); }
                    catch (SftpPathNotFoundException) { entries.Add(new TreeEntry(path, file.Name, TreeEntryKind.Other, 0, attributes.LastWriteTimeUtc)); continue; }
                }
                entries.Add(ToEntry(path, file.Name, attributes));
            }
            entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            return entries;
        }

        public string Join(string folder, string name)
        {
            if (name.IndexOf('/') >= 0 || name.IndexOf('\0') >= 0)
            {
                throw new RescaleSshException("InvalidRemoteName", FailureCategory.InvalidArgument,
                    $"The name '{name}' cannot be a file name on the device: it holds '/' or NUL.", name);
            }
            return RemotePath.Join(folder, name);
        }

        public string GetLeaf(string path) => RemotePath.GetLeaf(path);

        public void CreateFolder(string path)
        {
            try
            {
                _sftp.CreateDirectory(path);
            }
            catch (SshException) when (Stat(path)?.IsFolder == true)
            {
                // Already there (SFTP v3 answers "failure", not "exists"): fine.
            }
        }

        /// <summary>
        /// Expands wildcards (* ? [..]) in any segment of a remote path by listing folders, as a shell's glob
        /// does: a leading '*' does not match names starting with '.', unless the pattern starts with '.'.
        /// </summary>
        public IReadOnlyList<TreeEntry> Expand(string pattern, IWildcardSyntax wildcards, CancellationToken cancellation)
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
                    try { children = List(folder, cancellation); }
                    catch (SftpPathNotFoundException) { continue; }
                    catch (SftpPermissionDeniedException) { continue; }
                    foreach (var child in children)
                    {
                        if (child.Name.StartsWith(".", StringComparison.Ordinal) && !segment.StartsWith(".", StringComparison.Ordinal)) continue;
                        if (!match(child.Name)) continue;
                        if (!last && !child.IsFolder) continue;
                        next.Add(child.Path);
                    }
                }
                current = next;
            }
            return current.Select(Stat).Where(e => e != null).ToList();
        }

        private static TreeEntry ToEntry(string path, string name, SftpFileAttributes attributes)
        {
            var kind = attributes.IsDirectory ? TreeEntryKind.Folder : attributes.IsRegularFile ? TreeEntryKind.File : TreeEntryKind.Other;
            return new TreeEntry(path, name, kind, attributes.Size, attributes.LastWriteTimeUtc);
        }
    }
}
