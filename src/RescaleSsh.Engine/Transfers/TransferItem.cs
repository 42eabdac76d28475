using System;

namespace RescaleSsh.Transfers
{
    /// <summary>One file to copy: where from, where to, and what the source looked like when the plan was made.</summary>
    internal sealed class TransferItem
    {
        /// <summary>Suffix of the temporary name a file is written under beside its target (".name.rsh-part").</summary>
        public const string PartialSuffix = ".rsh-part";

        public TransferItem(string sourcePath, string destinationPath, long length, DateTime lastWriteTimeUtc, string sourceDisplay, string destinationDisplay,
            bool upToDate = false)
        {
            UpToDate = upToDate;
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

        /// <summary>-Update found the destination already holding this file (same size and time): it is skipped.</summary>
        public bool UpToDate { get; }

        /// <summary>The hidden name a file is written under until complete; the same on every run, so -Resume finds it.</summary>
        public static string PartialNameFor(string leaf) => "." + leaf + PartialSuffix;

        /// <summary>
        /// A temporary name no earlier run used (".name.1a2b3c4d.rsh-part"), for when something that must not be
        /// written through (a link, a folder, another account's file) holds the usual one.
        /// </summary>
        public static string UniquePartialNameFor(string leaf) => "." + leaf + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + PartialSuffix;

        public static bool IsPartialName(string name) =>
            name.StartsWith(".", StringComparison.Ordinal) && name.EndsWith(PartialSuffix, StringComparison.Ordinal);
    }
}
