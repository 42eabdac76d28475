using System.Collections.Generic;
using System.Threading;

namespace RescaleSsh.Transfers
{
    /// <summary>One side of a copy (the local disk or the device over SFTP), as TransferPlan walks it.</summary>
    internal interface IFileTree
    {
        /// <summary>How results and errors name a path on this side (the true name: messages pass it through DisplayText).</summary>
        string Display(string path);

        /// <summary>The entry at <paramref name="path"/> (links followed), or null when nothing is there.</summary>
        TreeEntry Stat(string path);

        /// <summary>The entry at <paramref name="path"/> itself (a link is not followed: IsLink), or null when nothing is there.</summary>
        TreeEntry Look(string path);

        /// <summary>
        /// The entries of a folder, links followed (and marked IsLink), without "." and "..". At most
        /// <paramref name="limit"/> + 1 are read: a longer list means the folder holds more than the limit.
        /// </summary>
        IReadOnlyList<TreeEntry> List(string folder, int limit, CancellationToken cancellation);

        /// <summary>
        /// The one path of a folder, whatever links lead to it (realpath), so that a link back to a folder above is seen:
        /// <paramref name="parentIdentity"/> is the identity of the folder it was listed in (null at the top). Null when unknown.
        /// </summary>
        string Identity(TreeEntry folder, string parentIdentity);

        string Join(string folder, string name);

        string GetLeaf(string path);

        /// <summary>Creates a folder; one that exists already is fine.</summary>
        void CreateFolder(string path);
    }
}
