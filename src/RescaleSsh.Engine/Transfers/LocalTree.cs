using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;

namespace RescaleSsh.Transfers
{
    /// <summary>The local file system as one side of a copy. Paths are full provider paths.</summary>
    internal sealed class LocalTree : IFileTree
    {
        private readonly bool _windowsNames;

        public LocalTree(bool windowsNames)
        {
            _windowsNames = windowsNames;
        }

        public string Display(string path) => path;

        public TreeEntry Stat(string path)
        {
            var directory = new DirectoryInfo(path);
            if (directory.Exists) return ToEntry(directory);
            var file = new FileInfo(path);
            return file.Exists ? ToEntry(file) : null;
        }

        public TreeEntry Look(string path)
        {
            var attributes = LocalFileSystem.Look(path);
            if (attributes == null) return null;
            var entry = Stat(path);
            bool link = LocalFileSystem.IsLink(attributes.Value);
            return entry == null
                ? new TreeEntry(path, GetLeaf(path), TreeEntryKind.Other, 0, DateTime.MinValue, link)
                : new TreeEntry(entry.Path, entry.Name, entry.Kind, entry.Length, entry.LastWriteTimeUtc, link);
        }

        public IReadOnlyList<TreeEntry> List(string folder, int limit, CancellationToken cancellation)
        {
            var entries = new List<TreeEntry>();
            foreach (var info in new DirectoryInfo(folder).EnumerateFileSystemInfos())
            {
                cancellation.ThrowIfCancellationRequested();
                entries.Add(ToEntry(info));
                if (entries.Count > limit) break;
            }
            entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            return entries;
        }

        public string Identity(TreeEntry folder, string parentIdentity) => LocalFileSystem.RealPath(folder.Path);

        public string Join(string folder, string name)
        {
            LocalName.Validate(name, _windowsNames);
            return Path.Combine(folder, name);
        }

        public string GetLeaf(string path) => Path.GetFileName(path.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));

        public void CreateFolder(string path) => Directory.CreateDirectory(path);

        private static TreeEntry ToEntry(FileSystemInfo info)
        {
            bool link = LocalFileSystem.IsLink(info.Attributes);
            if (info is DirectoryInfo) return new TreeEntry(info.FullName, info.Name, TreeEntryKind.Folder, 0, info.LastWriteTimeUtc, link);
            var file = (FileInfo)info;
            TreeEntryKind kind = TreeEntryKind.File;
            long length = 0;
            try
            {
                length = file.Length;
            }
            catch (IOException)
            {
                kind = TreeEntryKind.Other; // a dangling link
            }
            return new TreeEntry(file.FullName, file.Name, kind, length, file.LastWriteTimeUtc, link);
        }
    }
}
