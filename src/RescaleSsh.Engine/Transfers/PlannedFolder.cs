namespace RescaleSsh.Transfers
{
    /// <summary>A folder on the destination side that a plan copies into, and whether it is there already.</summary>
    internal sealed class PlannedFolder
    {
        public PlannedFolder(string path, bool exists)
        {
            Path = path;
            Exists = exists;
        }

        public string Path { get; }

        /// <summary>True when the folder (or a link to one) exists: nothing to create, nothing to announce.</summary>
        public bool Exists { get; }
    }
}
