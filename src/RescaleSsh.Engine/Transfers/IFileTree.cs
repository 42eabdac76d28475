using System.Collections.Generic;
using System.Threading;

namespace RescaleSsh.Transfers
{
    /// <summary>One side of a copy (the local disk or the device over SFTP), as TransferPlan walks it.</summary>
    internal interface IFileTree
    {
        /// <summary>How results and errors name a path on this side.</summary>
        string Display(string path);

        /// <summary>The entry at <paramref name="path"/> (links followed), or null when nothing is there.</summary>
        TreeEntry Stat(string path);

        /// <summary>The entries of a folder, links followed, without "." and "..".</summary>
        IReadOnlyList<TreeEntry> List(string folder, CancellationToken cancellation);

        string Join(string folder, string name);

        string GetLeaf(string path);

        /// <summary>Creates a folder; one that exists already is fine.</summary>
        void CreateFolder(string path);
    }
}
