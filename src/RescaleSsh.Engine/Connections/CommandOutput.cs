using System;

namespace RescaleSsh.Connections
{
    /// <summary>What a command run on a device returned, within its <see cref="CommandLimits"/>.</summary>
    internal sealed class CommandOutput
    {
        public CommandOutput(int? exitStatus, string exitSignal, string output, string error, bool truncated, bool timedOut, TimeSpan duration)
        {
            ExitStatus = exitStatus;
            ExitSignal = exitSignal;
            Output = output;
            Error = error;
            Truncated = truncated;
            TimedOut = timedOut;
            Duration = duration;
        }

        /// <summary>The command's exit status; null when it did not report one (stopped, killed by a signal, cut at a cap).</summary>
        public int? ExitStatus { get; }

        /// <summary>The signal that ended the command (e.g. "TERM"), when the device reported one.</summary>
        public string ExitSignal { get; }

        /// <summary>Standard output as kept (empty when it was handed out line by line).</summary>
        public string Output { get; }

        /// <summary>Standard error as kept.</summary>
        public string Error { get; }

        /// <summary>True when output or error passed its cap: reading stopped there and the channel was closed.</summary>
        public bool Truncated { get; }

        /// <summary>True when the command ran past its time limit and was stopped.</summary>
        public bool TimedOut { get; }

        public TimeSpan Duration { get; }
    }
}
