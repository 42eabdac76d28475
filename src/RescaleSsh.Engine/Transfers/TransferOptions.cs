namespace RescaleSsh.Transfers
{
    /// <summary>How Copy-RescaleItem copies each file: its -Update, -Resume and -Verify switches.</summary>
    internal sealed class TransferOptions
    {
        public TransferDirection Direction { get; set; }
        public bool Update { get; set; }
        public bool Resume { get; set; }
        public bool Verify { get; set; }
    }
}
