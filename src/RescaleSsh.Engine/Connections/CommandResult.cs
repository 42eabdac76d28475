using System;

namespace RescaleSsh
{
    /// <summary>
    /// What Invoke-RescaleCommand got back from one device (RescaleSsh.CommandResult). A non-zero ExitStatus is data,
    /// not an error: the command ran and said so.
    /// </summary>
    public sealed class CommandResult
    {
        public string ComputerName { get; set; }
        public string UserName { get; set; }
        public int Port { get; set; }

        /// <summary>The session the command ran in, when one was used.</summary>
        public Session Session { get; set; }

        /// <summary>The command string, as sent to the device.</summary>
        public string Command { get; set; }

        /// <summary>The exit status; null when the command reported none (timed out, stopped at the output cap, killed by a signal).</summary>
        public int? ExitStatus { get; set; }

        /// <summary>The signal that ended the command, when the device reported one (e.g. "TERM").</summary>
        public string ExitSignal { get; set; }

        /// <summary>Standard output, one string per line (empty with -Stream: the lines went to the pipeline as they arrived).</summary>
        public string[] Output { get; set; } = Array.Empty<string>();

        /// <summary>Standard error, as text.</summary>
        public string Error { get; set; } = "";

        public TimeSpan Duration { get; set; }

        /// <summary>True when the command ran past -TimeoutSec and was stopped.</summary>
        public bool TimedOut { get; set; }

        /// <summary>True when output or error passed -MaximumOutputBytes: what came before the cap is kept, the command was stopped.</summary>
        public bool OutputTruncated { get; set; }

        /// <summary>The device as user@host[:port].</summary>
        public string Device => new Connections.Device(ComputerName, UserName, Port).ToString();

        public override string ToString() => string.Join(Environment.NewLine, Output);
    }
}
