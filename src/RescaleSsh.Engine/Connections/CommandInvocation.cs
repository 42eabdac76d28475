using System;
using System.Threading;

namespace RescaleSsh.Connections
{
    /// <summary>
    /// Invoke-RescaleCommand's work on one device: run the command within the limits and turn what came back into a
    /// <see cref="CommandResult"/>. With streaming, each standard output line is written as it arrives (prefixed by the
    /// device when several devices are addressed, so interleaved lines stay attributable).
    /// </summary>
    internal sealed class CommandInvocation
    {
        /// <summary>Invoke-RescaleCommand's default for -MaximumOutputBytes.</summary>
        public const int DefaultMaximumOutputBytes = 4 * 1024 * 1024;

        public CommandInvocation(string command, CommandLimits limits, bool stream, bool prefixLines)
        {
            Command = command;
            Limits = limits;
            Stream = stream;
            PrefixLines = prefixLines;
        }

        public string Command { get; }
        public CommandLimits Limits { get; }
        public bool Stream { get; }
        public bool PrefixLines { get; }

        /// <summary>Runs the command through <paramref name="channel"/>'s runner; a broken link is ConnectionLost naming the device.</summary>
        public CommandResult Run(Func<string, CommandLimits, Action<string>, CancellationToken, CommandOutput> channel, Device device, Session session,
            IOperationHost host, CancellationToken cancellation)
        {
            Action<string> onLine = null;
            if (Stream)
            {
                string prefix = PrefixLines ? device + ": " : "";
                onLine = line => host.WriteObject(prefix + line);
            }
            CommandOutput output;
            try
            {
                output = channel(Command, Limits, onLine, cancellation);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && cancellation.IsCancellationRequested))
            {
                throw FailureTranslator.Translate(ex, device.ToString(), "run the command on", writing: true,
                    afterConnectionLoss: "The command may or may not have finished on the device; check before running it again.", localIsRemote: true, target: device);
            }
            return new CommandResult
            {
                ComputerName = device.ComputerName,
                UserName = device.UserName,
                Port = device.Port,
                Session = session,
                Command = Command,
                ExitStatus = output.ExitStatus,
                ExitSignal = output.ExitSignal,
                Output = SplitLines(output.Output),
                Error = output.Error,
                Duration = output.Duration,
                TimedOut = output.TimedOut,
                OutputTruncated = output.Truncated,
            };
        }

        private static string[] SplitLines(string text)
        {
            if (string.IsNullOrEmpty(text)) return Array.Empty<string>();
            if (text.EndsWith("\n", StringComparison.Ordinal)) text = text.Substring(0, text.Length - 1);
            var lines = text.Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                if (lines[i].EndsWith("\r", StringComparison.Ordinal)) lines[i] = lines[i].Substring(0, lines[i].Length - 1);
            }
            return lines;
        }
    }
}
