namespace RescaleSsh
{
    /// <summary>Which way Copy-RescaleItem moved a file: to the device (Upload) or from it (Download).</summary>
    public enum TransferDirection
    {
        Upload,
        Download,
    }
}
