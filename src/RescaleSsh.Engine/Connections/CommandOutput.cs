namespace RescaleSsh.Connections
{
    /// <summary>What a command the module ran on a device returned.</summary>
    internal sealed class CommandOutput
    {
        public CommandOutput(int exitStatus, string output, string error)
        {
            ExitStatus = exitStatus;
            Output = output;
            Error = error;
        }

        public int ExitStatus { get; }
        public string Output { get; }
        public string Error { get; }
    }
}
