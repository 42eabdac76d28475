using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using Renci.SshNet;
using Renci.SshNet.Common;
using RescaleSsh.Connections;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// Writes a large file's bytes from an offset on into its temporary file over several SFTP channels of the one SSH
    /// connection at once (issue 14): sshd grants each channel a window of about 2 MiB per round trip, so over a long
    /// link one channel caps the rate whatever the client does. The first channel created (or reopened) the temporary
    /// file; each extra one (<see cref="ExtraChannels"/>) opens it by name without truncating it, after checking it is
    /// still a regular file, and writes slices of it taken from a shared queue. An extra channel that cannot be opened,
    /// or breaks, costs speed only: its slice goes back to the queue and the others finish the file; a failure of the
    /// first channel fails the copy. <see cref="RangeJournal"/> records how far the file is whole, for -Resume.
    /// </summary>
    internal sealed class RangedUpload
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

        private readonly DeviceConnection _connection;
        private readonly SftpRequests _requests;
        private readonly string _localPath, _remotePath;
        private readonly long _fileLength, _sliceBytes;
        private readonly int _connections;
        /// <summary>No journal record is started once the slices handed out reach this offset (the last quarter of the bytes to write: a record takes three round trips behind the lanes' writes on the first channel, 200-250 ms at 40 ms).</summary>
        private readonly long _lastRecordBefore;
        private readonly ConcurrentQueue<long> _returned = new ConcurrentQueue<long>();
        private readonly SortedSet<long> _done = new SortedSet<long>();
        private readonly Action<long> _progress;
        private readonly CancellationToken _cancellation;
        private readonly PendingCloses _closes = new PendingCloses();
        private long _next, _whole;

        private RangedUpload(DeviceConnection connection, SftpRequests requests, string localPath, string remotePath, long from, long fileLength,
            int connections, Action<long> progress, CancellationToken cancellation)
        {
            _connection = connection;
            _requests = requests;
            _localPath = localPath;
            _remotePath = remotePath;
            _fileLength = fileLength;
            _next = _whole = from;
            _connections = connections;
            _sliceBytes = LargestSlice(fileLength - from, connections);
            _lastRecordBefore = fileLength - (fileLength - from) / 4;
            var gate = new object();
            _progress = bytes => { lock (gate) progress(bytes); };
            _cancellation = cancellation;
        }

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
        /// publickey query and the signed request: four round trips, plus the server's own work) suggests a round trip of
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

        /// <summary>
        /// Writes [<paramref name="from"/>, end of file) through <paramref name="handle"/> and up to <paramref name="connections"/> - 1
        /// extra channels. The caller holds the channels (<see cref="ExtraChannels.Begin"/>) until the file is finished, so that
        /// closing them does not slow its last requests. Returns the closes of the extra handles, sent and not yet waited for:
        /// the caller waits for them once its own handle's close went out, and renames the file only after.
        /// </summary>
        public static PendingCloses Run(DeviceConnection connection, SftpRequests requests, byte[] handle, string localPath, string remotePath, long from, long fileLength,
            int connections, RangeJournal journal, Action<long> progress, Action<string> verbose, CancellationToken cancellation)
        {
            using (var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation))
            {
                var upload = new RangedUpload(connection, requests, localPath, remotePath, from, fileLength, connections, progress, stop.Token);
                try
                {
                    upload.Go(handle, connections, journal, verbose, stop);
                    return upload._closes;
                }
                catch (Exception)
                {
                    upload._closes.Forget();
                    throw;
                }
                finally
                {
                    stop.Cancel(); // nothing may still write once this returns
                }
            }
        }

        private void Go(byte[] handle, int connections, RangeJournal journal, Action<string> verbose, CancellationTokenSource stop)
        {
            var lanes = new List<Thread>();
            int refusals = 0;
            for (int i = 1; i < connections; i++)
            {
                var lane = new Thread(() =>
                {
                    try
                    {
                        if (!ExtraLane(journal, out string refusal) && refusal != null && Interlocked.Increment(ref refusals) == 1)
                        {
                            verbose?.Invoke($"The device refused an extra SFTP channel for '{DisplayText.Visible(_localPath)}' ({DisplayText.Visible(refusal)}); the copy goes on with the connections it has.");
                        }
                    }
#pragma warning disable CA1031 // A lane is a thread of its own: anything escaping it would end the process; the first connection reports the copy's fate.
                    catch (Exception)
#pragma warning restore CA1031
                    {
                        // Its slice, if any, went back to the queue.
                    }
                }) { IsBackground = true, Name = "RescaleSsh range" };
                lanes.Add(lane);
                lane.Start();
            }
            try
            {
                WriteSlices(_requests, handle, journal);
            }
            catch (Exception)
            {
                stop.Cancel(); // the first connection failed: the copy fails, and the extra lanes stop
                throw;
            }
            finally
            {
                // After Ctrl+C a lane may be stuck sending on a stalled link: it ends when its connection is closed, unwaited for.
                foreach (var lane in lanes)
                {
                    if (!_cancellation.IsCancellationRequested) lane.Join();
                }
            }
            // The extra lanes are done: what they gave back (a broken connection's slice) is written here.
            WriteSlices(_requests, handle, journal);
        }

        /// <summary>One extra connection's lane; false when it could not help (refused, broken), with the device's refusal if any.</summary>
        private bool ExtraLane(RangeJournal journal, out string refusal)
        {
            refusal = null;
            SftpChannel channel = null;
            bool reusable = true;
            try
            {
                channel = _connection.Extra.Rent(_cancellation, out refusal);
                if (channel == null) return false;
                var requests = channel.Requests;
                // One round trip for both; the handle is used only once lstat shows the regular file the first channel created.
                // Until the open's answer is taken the channel serves nothing else: if something else took the name (a FIFO,
                // whose open may never be answered), the channel is closed, and the open with it.
                var open = requests.BeginLStatAndOpenForWriting(_remotePath);
                reusable = false;
                var file = open.Seen(_cancellation);
                if (file == null || !file.IsRegularFile || file.IsSymbolicLink) return false;
                byte[] handle = open.Handle(_cancellation);
                reusable = true;
                try
                {
                    WriteSlices(requests, handle, journal);
                }
                finally
                {
                    _closes.Send(requests, handle);
                }
                return true;
            }
            catch (Exception ex) when (ex is SshException || ex is ObjectDisposedException || ex is InvalidOperationException ||
                                       ex is System.Net.Sockets.SocketException || ex is System.IO.IOException || ex is OperationCanceledException)
            {
                return false; // its slice was given back; the first connection's failure (or Ctrl+C) is the one reported
            }
            finally
            {
                if (channel != null)
                {
                    if (reusable) _connection.Extra.Return(channel);
                    else _connection.Extra.Discard(channel);
                }
            }
        }

        private void WriteSlices(SftpRequests requests, byte[] handle, RangeJournal journal)
        {
            SftpWritePipeline.Write(requests, handle, _localPath, _fileLength, TakeSlice, start =>
            {
                long whole = Done(start);
                // Near the end the file is moments from whole: a record started then would still be on its way (three
                // round trips) when the journal is removed, and the removal would wait for it.
                if (whole > start && Interlocked.Read(ref _next) < _lastRecordBefore) journal?.Record(whole);
            }, _returned.Enqueue, _progress, _cancellation);
        }

        private bool TakeSlice(out long start, out long end)
        {
            if (_returned.TryDequeue(out start))
            {
                end = SliceEnd(start);
                return true;
            }
            do
            {
                start = Interlocked.Read(ref _next);
                if (start >= _fileLength)
                {
                    end = start;
                    return false;
                }
                end = SliceEnd(start);
            }
            while (Interlocked.CompareExchange(ref _next, end, start) != start);
            return true;
        }

        private long SliceEnd(long start) => SliceEnd(start, _fileLength, _sliceBytes, _connections);

        /// <summary>About four slices per connection, so that a slow or lost connection leaves little behind; 64 KiB aligned.</summary>
        internal static long LargestSlice(long remaining, int connections) =>
            Aligned(Math.Max(SmallestSlice, Math.Min(16L << 20, remaining / (4L * connections))));

        /// <summary>
        /// Where the slice starting at <paramref name="start"/> ends: a function of its start alone, so that a slice given
        /// back is taken again whole. Slices shrink towards the end of the file, to half of an even share of what is left
        /// and down to <see cref="SmallestSlice"/>, so that the lanes run out of work within moments of each other instead
        /// of one finishing a whole slice alone while the others are idle (measured at 40 ms with equal slices: 100-250 ms
        /// between the first and the last lane done; tapered: 20-50 ms).
        /// </summary>
        internal static long SliceEnd(long start, long fileLength, long largest, int connections)
        {
            long size = Math.Min(largest, Math.Max(SmallestSlice, Aligned((fileLength - start) / (2L * connections))));
            return Math.Min(fileLength, start + size);
        }

        /// <summary>The smallest slice: a few of a lane's writes, and few enough slices that each costs nothing next to its bytes.</summary>
        internal const long SmallestSlice = 1L << 20;

        private static long Aligned(long bytes) => bytes / 65536 * 65536;

        /// <summary>Marks a slice written; returns the offset below which every byte now is.</summary>
        private long Done(long start)
        {
            lock (_done)
            {
                _done.Add(start);
                while (_done.Remove(_whole)) _whole = SliceEnd(_whole);
                return _whole;
            }
        }
    }
}
