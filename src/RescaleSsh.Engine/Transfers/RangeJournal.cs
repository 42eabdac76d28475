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
        private readonly object _gate = new object();
        private long _wanted = -1, _recorded = -1;
        private Task _writer;
        private bool _closed, _running;

        public RangeJournal(SftpRequests requests, DeviceFileSystem device, string destinationPath, CancellationToken cancellation)
        {
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
                    string next = _path + ".new";
                    _device.TryRemove(next);
                    byte[] text = Encoding.ASCII.GetBytes(whole.ToString(CultureInfo.InvariantCulture));
                    _requests.WriteFile(next, text, text.Length, DateTime.UtcNow, chained: true, _cancellation);
                    _device.Replace(next, _path);
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

        /// <summary>The file is whole, failed, or was cut back to its journal's offset: no record is written any more, and the journal goes.</summary>
        public void Remove()
        {
            Close();
            _device.TryRemove(_path);
        }

        /// <summary>
        /// The file is whole: no record is written any more, and the journal's removal is sent without waiting, so that
        /// it travels with the rename that follows on the same channel; <see cref="Settle"/> the task.
        /// </summary>
        public Task BeginRemove()
        {
            Close();
            return _requests.BeginRemove(_path);
        }

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

        /// <summary>No record is written after this returns (one being written is waited for); the journal itself stays.</summary>
        public void Close()
        {
            Task writer;
            lock (_gate)
            {
                _closed = true;
                writer = _writer;
            }
            try
            {
                writer?.Wait();
            }
            catch (AggregateException)
            {
                // best effort, as above
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
