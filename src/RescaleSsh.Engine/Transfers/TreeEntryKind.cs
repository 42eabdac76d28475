namespace RescaleSsh.Transfers
{
    internal enum TreeEntryKind
    {
        File,
        Folder,
        /// <summary>A socket, device, FIFO or dangling link: nothing a copy can read.</summary>
        Other,
    }
}
