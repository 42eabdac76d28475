using System;

namespace RescaleSsh.Transfers
{
    /// <summary>What a transfer needs to know about one file or folder on either side.</summary>
    internal sealed class TreeEntry
    {
        public TreeEntry(string path, string name, TreeEntryKind kind, long length, DateTime lastWriteTimeUtc, bool isLink = false)
        {
            Path = path;
            Name = name;
            Kind = kind;
            Length = length;
            LastWriteTimeUtc = lastWriteTimeUtc;
            IsLink = isLink;
        }

        public string Path { get; }
        public string Name { get; }
        /// <summary>What the entry is, a link followed to what it leads to.</summary>
        public TreeEntryKind Kind { get; }
        public long Length { get; }
        public DateTime LastWriteTimeUtc { get; }
        /// <summary>The entry itself is a symbolic link (Kind, Length and time are its target's).</summary>
        public bool IsLink { get; }
        public bool IsFolder => Kind == TreeEntryKind.Folder;
        public bool IsFile => Kind == TreeEntryKind.File;
    }
}
