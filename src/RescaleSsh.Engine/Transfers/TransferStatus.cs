namespace RescaleSsh
{
    /// <summary>What Copy-RescaleItem did with one file.</summary>
    public enum TransferStatus
    {
        /// <summary>Copied in full.</summary>
        Copied,
        /// <summary>Not copied: -Update found the target with the same size and modification time.</summary>
        Skipped,
        /// <summary>-Resume continued an interrupted copy from the bytes already transferred.</summary>
        Resumed,
    }
}
