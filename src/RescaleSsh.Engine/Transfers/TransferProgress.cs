using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using RescaleSsh.Wire;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// Counts files and bytes as workers copy them (lock-free), and says when the next Write-Progress is due:
    /// at most every <see cref="Interval"/>, so progress costs nothing per packet. Rate and time left count only
    /// bytes moved in this run (resumed bytes count as done, not as speed).
    /// </summary>
    internal sealed class TransferProgress
    {
        public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly int _totalFiles;
        private readonly long _totalBytes;
        private long _doneBytes;
        private long _movedBytes;
        private int _doneFiles;
        private long _nextUpdateTicks;
        private string _current;

        public TransferProgress(int totalFiles, long totalBytes)
        {
            _totalFiles = totalFiles;
            _totalBytes = totalBytes;
        }

        public int DoneFiles => Volatile.Read(ref _doneFiles);
        public long DoneBytes => Interlocked.Read(ref _doneBytes);

        /// <summary>Called (on a worker thread) when an update is due; the cmdlet posts Write-Progress to the pipeline thread.</summary>
        public Action Due { get; set; }

        public void Moved(long bytes)
        {
            Interlocked.Add(ref _doneBytes, bytes);
            Interlocked.Add(ref _movedBytes, bytes);
            if (Due != null && UpdateDue()) Due();
        }

        /// <summary>Bytes that count as done without being moved now (resumed, or skipped by -Update).</summary>
        public void AlreadyThere(long bytes) => Interlocked.Add(ref _doneBytes, bytes);

        /// <summary>A file finished (copied, skipped or failed); <paramref name="unaccounted"/> bytes of it were never reported.</summary>
        public void FileDone(long unaccounted)
        {
            if (unaccounted > 0) Interlocked.Add(ref _doneBytes, unaccounted);
            Interlocked.Increment(ref _doneFiles);
        }

        public void Started(string file) => Volatile.Write(ref _current, file);

        /// <summary>True for at most one caller per interval: that caller posts the next Write-Progress.</summary>
        public bool UpdateDue()
        {
            long now = _clock.Elapsed.Ticks;
            long next = Interlocked.Read(ref _nextUpdateTicks);
            if (now < next) return false;
            return Interlocked.CompareExchange(ref _nextUpdateTicks, now + Interval.Ticks, next) == next;
        }

        public double BytesPerSecond
        {
            get
            {
                double seconds = _clock.Elapsed.TotalSeconds;
                return seconds <= 0 ? 0 : Interlocked.Read(ref _movedBytes) / seconds;
            }
        }

        public int PercentComplete =>
            _totalBytes > 0 ? (int)Math.Min(100, DoneBytes * 100 / _totalBytes)
            : _totalFiles > 0 ? Math.Min(100, DoneFiles * 100 / _totalFiles) : 100;

        /// <summary>Seconds left at the current rate, or -1 (unknown) before any byte moved.</summary>
        public int SecondsRemaining
        {
            get
            {
                double rate = BytesPerSecond;
                if (rate <= 0) return -1;
                double left = Math.Max(0, _totalBytes - DoneBytes) / rate;
                return left > int.MaxValue ? -1 : (int)Math.Ceiling(left);
            }
        }

        public string CurrentFile => Volatile.Read(ref _current);

        public string Status =>
            string.Format(CultureInfo.InvariantCulture, "{0} of {1} files, {2} of {3}, {4}/s",
                DoneFiles, _totalFiles, FormatBytes(DoneBytes), FormatBytes(_totalBytes), FormatBytes((long)BytesPerSecond));

        public static string FormatBytes(long bytes)
        {
            string[] units = { "B", "KB", "MB", "GB", "TB" };
            double value = bytes;
            int unit = 0;
            while (value >= 1024 && unit < units.Length - 1)
            {
                value /= 1024;
                unit++;
            }
            return unit == 0 ? bytes.ToString(CultureInfo.InvariantCulture) + " B" : value.ToString("0.0", CultureInfo.InvariantCulture) + " " + units[unit];
        }
    }
}
