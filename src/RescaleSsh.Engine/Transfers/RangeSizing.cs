using System;
using RescaleSsh.Connections;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// How a large upload is split (issue 14): whether the link is long enough for ranges, how many channels a file
    /// gets, when they are worth opening at login, and where each slice of the file ends.
    /// </summary>
    internal static class RangeSizing
    {
        /// <summary>Below this round trip one channel fills the link (loopback, a LAN): no extra channels.</summary>
        public static readonly TimeSpan LongLink = TimeSpan.FromMilliseconds(10);
        public const long BytesPerConnection = 16L * 1024 * 1024;

        /// <summary>
        /// Eight windows, within sshd's default MaxSessions (10) for the one connection and SSH.NET's cap of ten channels
        /// (<see cref="ExtraChannels.Most"/> bounds the extras of all uploads at once). Measured with the wan benchmark,
        /// 200 MiB up: at 100 ms 4 channels 7.6 s, 8 channels 6.0 s (sftp 13.4 s); at 40 ms 3.4 s and 3.3 s. Separate
        /// connections instead of channels were slower on the 2-CPU machine (4 took 4.5 s at 40 ms), each costing an
        /// sshd process and a login.
        /// </summary>
        public const int MostConnections = 8;

        /// <summary>
        /// How many channels a file with <paramref name="remaining"/> bytes to write gets: one per 16 MiB, at most 8,
        /// and one when the round trip is under <see cref="LongLink"/>. <see cref="EngineHooks.UploadConnections"/> sets it for tests.
        /// </summary>
        public static int ConnectionsFor(DeviceConnection connection, long remaining)
        {
            if (connection.Extra == null) return 1;
            if (connection.Hooks.UploadConnections > 0) return connection.Hooks.UploadConnections;
            if (connection.RoundTrip(null) < LongLink) return 1;
            return 1 + ExtraChannelsFor(remaining);
        }

        /// <summary>The channels beside the first that a file with <paramref name="remaining"/> bytes to write gets over a long link.</summary>
        public static int ExtraChannelsFor(long remaining) => (int)Math.Max(0, Math.Min(MostConnections, remaining / BytesPerConnection) - 1);

        /// <summary>
        /// A login that took this long from the host key to its success (the service request, SSH.NET's "none" probe, the
        /// publickey query and the signed request: three to four round trips, plus the server's own work) suggests a round trip of
        /// <see cref="LongLink"/> or more. Measured against sshd 9.2: 19-46 ms on loopback, 65 ms at 10 ms, 150 ms at 40 ms.
        /// Only a hint to open channels early; the round trip itself decides the ranges.
        /// </summary>
        public static readonly TimeSpan LongLinkLogin = TimeSpan.FromMilliseconds(60);

        public static bool LoginSuggestsLongLink(TimeSpan login) => login >= LongLinkLogin;

        /// <summary>
        /// The extra channels worth opening at login for <paramref name="request"/>: those its largest local file named
        /// directly would take (folders are not walked for this); 0 for a download.
        /// </summary>
        public static int ExtraChannelsAtLogin(CopyRequest request)
        {
            if (request.Direction != TransferDirection.Upload) return 0;
            long largest = 0;
            foreach (var path in request.Sources)
            {
                try
                {
                    var file = new System.IO.FileInfo(path);
                    if (file.Exists) largest = Math.Max(largest, file.Length);
                }
                catch (Exception ex) when (ex is System.IO.IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException)
                {
                    // the plan reports it
                }
            }
            return ExtraChannelsFor(largest);
        }

        /// <summary>About four slices per connection, so that a slow or lost connection leaves little behind; 64 KiB aligned.</summary>
        public static long LargestSlice(long remaining, int connections) =>
            Aligned(Math.Max(SmallestSlice, Math.Min(16L << 20, remaining / (4L * connections))));

        /// <summary>
        /// Where the slice starting at <paramref name="start"/> ends: a function of its start alone, so that a slice given
        /// back is taken again whole. Slices shrink towards the end of the file, to half of an even share of what is left
        /// and down to <see cref="SmallestSlice"/>, so that the lanes run out of work within moments of each other instead
        /// of one finishing a whole slice alone while the others are idle (measured at 40 ms with equal slices: 100-250 ms
        /// between the first and the last lane done; tapered: 20-50 ms).
        /// </summary>
        public static long SliceEnd(long start, long fileLength, long largest, int connections)
        {
            long size = Math.Min(largest, Math.Max(SmallestSlice, Aligned((fileLength - start) / (2L * connections))));
            return Math.Min(fileLength, start + size);
        }

        /// <summary>The smallest slice: a few of a lane's writes, and few enough slices that each costs nothing next to its bytes.</summary>
        public const long SmallestSlice = 1L << 20;

        private static long Aligned(long bytes) => bytes / 65536 * 65536;
    }
}
