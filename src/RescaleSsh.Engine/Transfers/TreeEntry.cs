using System;

namespace RescaleSsh.Transfers
{
    /// <summary>What a transfer needs to know about one file or folder on either side.</summary>
    internal sealed class TreeEntry
    {
        public TreeEntry(string path, string name, TreeEntryKind kind, long length, DateTime lastWriteTimeUtc)
        {
            Path = path;
            Name = name;
            Kind = kind;
            Length = length;
            LastWriteTimeUtc = lastWriteTimeUtc;
        }

        public string Path { get; }
        public string Name { get; }
        public TreeEntryKind Kind { get; }
        public long Length { get; }
        public DateTime LastWriteTimeUtc { get; }
        public bool IsFolder => Kind == TreeEntryKind.Folder;
        public bool IsFile => Kind == TreeEntryKind.File;
    }
}
