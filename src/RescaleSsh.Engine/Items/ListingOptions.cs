using System;

namespace RescaleSsh.Items
{
    /// <summary>What Get-RescaleChildItem asks of one listing; name predicates are built by the module from wildcards.</summary>
    internal sealed class ListingOptions
    {
        /// <summary>
        /// Entries of one folder held to sort it by name. A folder with more is written sorted up to here and then in
        /// the order the device reads it, so that no folder is ever held whole.
        /// </summary>
        public const int DefaultSortWindow = 50_000;

        public bool Recurse { get; set; }
        /// <summary>Folders below the listed one to descend into; null: no limit (with Recurse).</summary>
        public int? Depth { get; set; }
        public Func<string, bool> Filter { get; set; }
        public Func<string, bool> Include { get; set; }
        public Func<string, bool> Exclude { get; set; }
        public bool FilesOnly { get; set; }
        public bool DirectoriesOnly { get; set; }
        /// <summary>List names starting with '.', which are hidden by default as ls hides them.</summary>
        public bool Force { get; set; }
        public bool FollowSymlink { get; set; }
        public int SortWindow { get; set; } = DefaultSortWindow;
        public IWildcardSyntax Wildcards { get; set; }
    }
}
