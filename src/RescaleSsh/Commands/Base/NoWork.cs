namespace RescaleSsh.Commands
{
    /// <summary>The record state of a device cmdlet whose records carry nothing but devices.</summary>
    public sealed class NoWork
    {
        internal static readonly NoWork Value = new NoWork();

        private NoWork()
        {
        }
    }
}
