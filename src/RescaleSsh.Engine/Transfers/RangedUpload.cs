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
            _sliceBytes = RangeSizing.LargestSlice(fileLength - from, connections);
            _lastRecordBefore = fileLength - (fileLength - from) / 4;
            var gate = new object();
            _progress = bytes => { lock (gate) progress(bytes); };
            _cancellation = cancellation;
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

        private long SliceEnd(long start) => RangeSizing.SliceEnd(start, _fileLength, _sliceBytes, _connections);

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
