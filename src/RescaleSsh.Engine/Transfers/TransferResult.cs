using System;
using RescaleSsh.Wire;

namespace RescaleSsh
{
    /// <summary>One file copied (or skipped) by Copy-RescaleItem (RescaleSsh.TransferResult).</summary>
    public sealed class TransferResult
    {
        /// <summary>The source file: a local path, or user@host:path for a file on the device.</summary>
        public string Source { get; set; }

        /// <summary>The file written: a local path, or user@host:path for a file on the device.</summary>
        public string Destination { get; set; }

        public TransferDirection Direction { get; set; }

        /// <summary>Size of the file in bytes.</summary>
        public long Length { get; set; }

        public TransferStatus Status { get; set; }

        /// <summary>Time spent on this file, verification included.</summary>
        public TimeSpan Duration { get; set; }

        /// <summary>Bytes sent or received for this file per second (only the missing part when resumed).</summary>
        public double BytesPerSecond { get; set; }

        /// <summary>SHA-256 (lower-case hex) both sides agreed on; only with -Verify.</summary>
        public string Sha256 { get; set; }

        /// <summary>The result for <paramref name="item"/>: <paramref name="moved"/> bytes went over the link in <paramref name="duration"/>.</summary>
        internal static TransferResult For(Transfers.TransferItem item, TransferDirection direction, TransferStatus status, TimeSpan duration, long moved)
        {
            double seconds = duration.TotalSeconds;
            return new TransferResult
            {
                Source = item.SourceDisplay,
                Destination = item.DestinationDisplay,
                Direction = direction,
                Length = item.Length,
                Status = status,
                Duration = duration,
                BytesPerSecond = seconds > 0 ? moved / seconds : 0,
            };
        }

        /// <summary>For display: names from the device with control characters made visible (the properties keep the true names).</summary>
        public override string ToString() => DisplayText.Visible($"{Source} -> {Destination} ({Status})");
    }
}
