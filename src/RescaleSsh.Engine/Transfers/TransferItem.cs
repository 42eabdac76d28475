using System;

namespace RescaleSsh.Transfers
{
    /// <summary>One file to copy: where from, where to, and what the source looked like when the plan was made.</summary>
    internal sealed class TransferItem
    {
        /// <summary>Suffix of the temporary name a file is written under beside its target (".name.rsh-part").</summary>
        public const string PartialSuffix = ".rsh-part";

        public TransferItem(string sourcePath, string destinationPath, long length, DateTime lastWriteTimeUtc, string sourceDisplay, string destinationDisplay)
        {
            SourcePath = sourcePath;
            DestinationPath = destinationPath;
            Length = length;
            LastWriteTimeUtc = lastWriteTimeUtc;
            SourceDisplay = sourceDisplay;
            DestinationDisplay = destinationDisplay;
        }

        public string SourcePath { get; }
        public string DestinationPath { get; }
        public long Length { get; }
        public DateTime LastWriteTimeUtc { get; }
        public string SourceDisplay { get; }
        public string DestinationDisplay { get; }

        /// <summary>The hidden name a file is written under until complete; the same on every run, so -Resume finds it.</summary>
        public static string PartialNameFor(string leaf) => "." + leaf + PartialSuffix;

        public static bool IsPartialName(string name) =>
            name.StartsWith(".", StringComparison.Ordinal) && name.EndsWith(PartialSuffix, StringComparison.Ordinal);
    }
}
