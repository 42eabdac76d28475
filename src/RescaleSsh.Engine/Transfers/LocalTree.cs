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

        public IReadOnlyList<TreeEntry> List(string folder, CancellationToken cancellation)
        {
            var entries = new List<TreeEntry>();
            foreach (var info in new DirectoryInfo(folder).EnumerateFileSystemInfos())
            {
                cancellation.ThrowIfCancellationRequested();
                entries.Add(ToEntry(info));
            }
            entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            return entries;
        }

        public string Join(string folder, string name)
        {
            LocalName.Validate(name, _windowsNames);
            return Path.Combine(folder, name);
        }

        public string GetLeaf(string path) => Path.GetFileName(path.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));

        public void CreateFolder(string path) => Directory.CreateDirectory(path);

        private static TreeEntry ToEntry(FileSystemInfo info)
        {
            if (info is DirectoryInfo) return new TreeEntry(info.FullName, info.Name, TreeEntryKind.Folder, 0, info.LastWriteTimeUtc);
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
            return new TreeEntry(file.FullName, file.Name, kind, length, file.LastWriteTimeUtc);
        }
    }
}
