using System;
using System.Globalization;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Renci.SshNet.Common;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// Beside a temporary file written in ranges (".name.rsh-ranges"): the offset below which every byte is written.
    /// Ranges finish out of order, so the temporary file may hold unwritten gaps below its size; -Resume continues
    /// from the journal's offset (the file is cut there first), never from the size. Rewritten as that offset
    /// advances: a new file created exclusively, then renamed over the journal (a link there is replaced, never
    /// written through). Gone once the file is whole. Written by a task of its own, so that no lane waits the round
    /// trips a record costs: the journal may lag behind the file, never run ahead of it.
    /// </summary>
    internal sealed class RangeJournal
    {
        public const string Suffix = ".rsh-ranges";

        private readonly SftpRequests _requests;
        private readonly DeviceFileSystem _device;
        private readonly string _path;
        private readonly CancellationToken _cancellation;
        private readonly string _destinationPath;
        private readonly Action<string> _recordWritten;
        private readonly object _gate = new object();
        private long _wanted = -1, _recorded = -1;
        private Task _writer;
        private bool _closed, _running;

        public RangeJournal(SftpRequests requests, DeviceFileSystem device, string destinationPath, EngineHooks hooks, CancellationToken cancellation)
        {
            _destinationPath = destinationPath;
            _recordWritten = hooks?.JournalRecordWritten;
            _requests = requests;
            _device = device;
            _path = PathFor(destinationPath);
            _cancellation = cancellation;
        }

        public static string PathFor(string destinationPath) =>
            RemotePath.Join(RemotePath.GetParent(destinationPath), "." + RemotePath.GetLeaf(destinationPath) + Suffix);

        /// <summary>
        /// Records, soon, that every byte below <paramref name="whole"/> is written; returns at once. Best effort: a
        /// journal that could not be written only costs a resume.
        /// </summary>
        public void Record(long whole)
        {
            lock (_gate)
            {
                if (_closed || whole <= _wanted) return;
                _wanted = whole;
                if (_running) return; // the running writer takes the new offset before it stops
                _running = true;
                _writer = Task.Run(WriteLatest);
            }
        }

        private void WriteLatest()
        {
            while (true)
            {
                long whole;
                lock (_gate)
                {
                    if (_closed || _wanted <= _recorded)
                    {
                        _running = false;
                        return;
                    }
                    whole = _wanted;
                }
                try
                {
                    // A record left half-written by an earlier attempt goes in the same round trip as the exclusive create
                    // (answered in order by OpenSSH; a server that answered the create first only makes this record fail).
                    var stale = _requests.BeginRemove(NewPath);
                    byte[] text = Encoding.ASCII.GetBytes(whole.ToString(CultureInfo.InvariantCulture));
                    try
                    {
                        _requests.WriteFile(NewPath, text, text.Length, DateTime.UtcNow, chained: true, _cancellation);
                    }
                    finally
                    {
                        Settle(_requests, stale);
                    }
                    _recordWritten?.Invoke(_destinationPath);
                    if (Closed) continue; // the file is whole or given up: the removal that follows takes the new record too
                    _device.Replace(NewPath, _path);
                    lock (_gate) _recorded = whole;
                }
                catch (Exception ex) when (ex is SshException || ex is ObjectDisposedException || ex is InvalidOperationException ||
                                           ex is System.Net.Sockets.SocketException || ex is OperationCanceledException)
                {
                    lock (_gate) _running = false;
                    return; // without a journal a resume starts over
                }
            }
        }

        private string NewPath => _path + ".new";

        private bool Closed
        {
            get { lock (_gate) return _closed; }
        }

        /// <summary>The file is whole, failed, or was cut back to its journal's offset: no record is written any more, and the journal goes.</summary>
        public void Remove() => Settle(BeginRemove());

        /// <summary>
        /// The file is whole (or given up): no record is written any more, and the journal's removal is sent without
        /// waiting, so that it travels with the rename that follows on the same channel; <see cref="Settle"/> the task.
        /// A record being written is not waited for here: it stops after the request it is waiting on, and the
        /// removal (of the journal and of a record it left half-written) is sent once it has.
        /// </summary>
        public Task BeginRemove()
        {
            Task writer;
            lock (_gate)
            {
                _closed = true;
                writer = _running ? _writer : null;
            }
            if (writer == null) return RemoveBoth();
            return writer.ContinueWith(_ => RemoveBoth(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        }

        private Task RemoveBoth() => Task.WhenAll(_requests.BeginRemove(_path), _requests.BeginRemove(NewPath));

        /// <summary>Waits for <see cref="BeginRemove"/>'s task.</summary>
        public void Settle(Task removal) => Settle(_requests, removal);

        /// <summary>Waits for a removal sent without waiting on <paramref name="requests"/>' channel; its failure (nothing there) costs nothing here.</summary>
        public static void Settle(SftpRequests requests, Task removal)
        {
            if (removal == null) return;
            try
            {
                requests.WaitFor(CancellationToken.None, removal);
            }
            catch (Exception ex) when (ex is SshException || ex is ObjectDisposedException || ex is InvalidOperationException)
            {
                // best effort: a journal left behind is removed before the next ranged upload of this file writes
            }
        }

        /// <summary>
        /// The offset an earlier ranged upload recorded beside <paramref name="destinationPath"/>: 0 when its journal is
        /// there but unreadable or not this login's own regular file; null when there is none (not a ranged upload).
        /// </summary>
        public static long? Read(DeviceFileSystem device, string destinationPath)
        {
            string path = PathFor(destinationPath);
            var seen = device.Look(path);
            if (seen == null) return null;
            if (!device.IsOwnRegularFile(path, seen) || seen.Size > 32) return 0;
            try
            {
                string text = device.Sftp.ReadAllText(path, Encoding.ASCII).Trim();
                return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long whole) ? whole : 0;
            }
            catch (SshException ex) when (!(ex is SshConnectionException))
            {
                return 0;
            }
        }
    }
}
