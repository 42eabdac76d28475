using System;

namespace RescaleSsh.Connections
{
    /// <summary>
    /// How much of a remote command's output is kept, and for how long it may run. Past a cap the runner stops
    /// reading and closes the channel (SSH.NET buffers whatever arrives without limit, so "not reading" is not a
    /// bound): what was kept is returned, flagged truncated.
    /// </summary>
    internal sealed class CommandLimits
    {
        /// <summary>
        /// The module's own one-line commands (e.g. -Verify's digest line, which is under 200 bytes): a device that
        /// answers with more is not trusted with the client's memory, and a few KiB of stderr are enough for a message.
        /// </summary>
        public static readonly CommandLimits Digest = new CommandLimits(4 * 1024, 4 * 1024, TimeSpan.Zero);

        public CommandLimits(int maximumOutputBytes, int maximumErrorBytes, TimeSpan timeout)
        {
            if (maximumOutputBytes < 1) throw new ArgumentOutOfRangeException(nameof(maximumOutputBytes));
            if (maximumErrorBytes < 1) throw new ArgumentOutOfRangeException(nameof(maximumErrorBytes));
            MaximumOutputBytes = maximumOutputBytes;
            MaximumErrorBytes = maximumErrorBytes;
            Timeout = timeout;
        }

        /// <summary>Most bytes of standard output kept.</summary>
        public int MaximumOutputBytes { get; }

        /// <summary>Most bytes of standard error kept.</summary>
        public int MaximumErrorBytes { get; }

        /// <summary>How long the command may run before it is stopped; zero: no limit (Ctrl+C still stops it).</summary>
        public TimeSpan Timeout { get; }
    }
}
