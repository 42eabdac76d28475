using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Renci.SshNet.Sftp;

namespace RescaleSsh.Items
{
    /// <summary>
    /// Reads the listings of the folders a recursive walk will enter next while it is still writing the current one,
    /// so that a long round trip is paid for several folders at once (an SFTP listing costs about four round trips per
    /// folder: open, read, read to the end, close). The walk keeps its order: it asks for each folder when its turn
    /// comes and gets the listing read ahead, or reads it then. Folders announced last are read first (their turn comes
    /// first in a depth-first walk). Bounded: at most <see cref="InFlight"/> reads at once, a listing read ahead only
    /// when it holds at most <see cref="MaxEntriesAhead"/> entries (a bigger folder is read when its turn comes, streaming),
    /// and no new read starts while <see cref="MaxEntriesHeld"/> entries wait. A listing that fails ahead is simply read
    /// again at its turn, where its error is reported in place.
    /// </summary>
    internal sealed class FolderPrefetch : IDisposable
    {
        internal const int InFlight = 16;
        internal const int MaxEntriesAhead = 4096;
        internal const int MaxEntriesHeld = 65536;

        private readonly SftpPathRequests _directory;
        private readonly CancellationTokenSource _stop;
        private readonly object _gate = new object();
        private readonly LinkedList<string> _waiting = new LinkedList<string>();
        private readonly Dictionary<string, LinkedListNode<string>> _waitingByPath = new Dictionary<string, LinkedListNode<string>>(StringComparer.Ordinal);
        private readonly Dictionary<string, Task<List<KeyValuePair<string, SftpFileAttributes>>>> _started =
            new Dictionary<string, Task<List<KeyValuePair<string, SftpFileAttributes>>>>(StringComparer.Ordinal);
        private int _running;
        private int _held;

        public FolderPrefetch(SftpPathRequests directory, CancellationToken cancellation)
        {
            _directory = directory;
            _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        }

        /// <summary>The folders the walk enters next, in the order it will enter them.</summary>
        public void Ahead(IReadOnlyList<string> folders)
        {
            lock (_gate)
            {
                for (int i = folders.Count - 1; i >= 0; i--)
                {
                    string folder = folders[i];
                    if (_waitingByPath.ContainsKey(folder) || _started.ContainsKey(folder)) continue;
                    _waitingByPath[folder] = _waiting.AddFirst(folder);
                }
                StartWaiting();
            }
        }

        /// <summary>The entries of <paramref name="folder"/>: read ahead when they were, otherwise read now, streaming.</summary>
        public IEnumerable<KeyValuePair<string, SftpFileAttributes>> Read(string folder, CancellationToken cancellation)
        {
            Task<List<KeyValuePair<string, SftpFileAttributes>>> ahead;
            lock (_gate)
            {
                if (_waitingByPath.TryGetValue(folder, out var node))
                {
                    _waiting.Remove(node);
                    _waitingByPath.Remove(folder);
                }
                if (_started.TryGetValue(folder, out ahead)) _started.Remove(folder);
            }
            if (ahead == null) return _directory.Read(folder, cancellation);
            List<KeyValuePair<string, SftpFileAttributes>> entries;
            try
            {
                entries = ahead.Wait(Timeout.Infinite, cancellation) ? ahead.Result : null;
            }
            catch (AggregateException)
            {
                entries = null;
            }
            lock (_gate)
            {
                if (entries != null) _held -= entries.Count;
                StartWaiting();
            }
            return entries ?? _directory.Read(folder, cancellation);
        }

        private void StartWaiting()
        {
            while (_running < InFlight && _held < MaxEntriesHeld && _waiting.Count > 0 && !_stop.IsCancellationRequested)
            {
                string folder = _waiting.First.Value;
                _waiting.RemoveFirst();
                _waitingByPath.Remove(folder);
                _running++;
                _started[folder] = Task.Factory.StartNew(() => Fetch(folder), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }
        }

        /// <summary>The whole listing, or null when it is too big to hold or could not be read (its turn reads it again).</summary>
        private List<KeyValuePair<string, SftpFileAttributes>> Fetch(string folder)
        {
            List<KeyValuePair<string, SftpFileAttributes>> entries = null;
            try
            {
                var read = new List<KeyValuePair<string, SftpFileAttributes>>();
                foreach (var entry in _directory.Read(folder, _stop.Token))
                {
                    if (read.Count == MaxEntriesAhead) return null;
                    read.Add(entry);
                }
                entries = read;
                return entries;
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                return null;
            }
            finally
            {
                lock (_gate)
                {
                    _running--;
                    if (entries != null) _held += entries.Count;
                    StartWaiting();
                }
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            Task[] running;
            lock (_gate) running = _started.Values.ToArray();
            try
            {
                Task.WaitAll(running, TimeSpan.FromSeconds(10));
            }
            catch (AggregateException)
            {
                // each read ahead ends on its own once cancelled; nothing of it is used
            }
            _stop.Dispose();
        }
    }
}
