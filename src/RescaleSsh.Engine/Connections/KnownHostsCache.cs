using System;
using System.Collections.Generic;
using System.IO;

namespace RescaleSsh.Connections
{
    /// <summary>
    /// The known_hosts files one command has parsed, so that its connections (every device of a CSV, the second
    /// connection -Verify opens, reconnects) share one parse instead of each reading the file again: with a
    /// million-line file and -ThrottleLimit 8 that was eight full copies at once. A file is parsed again only when its
    /// length or last-write time changed (another process wrote it); an append by this command hands over the file as
    /// it wrote it. Owned by the command (carried by its ConnectionOptions), so it is let go with the command, or with
    /// the session that keeps those options: never a process-wide cache.
    /// </summary>
    internal sealed class KnownHostsCache
    {
        private readonly object _gate = new object();
        private readonly Dictionary<string, (long Length, DateTime LastWriteUtc, KnownHostsFile File)> _files =
            new Dictionary<string, (long, DateTime, KnownHostsFile)>(StringComparer.Ordinal);

        /// <summary>How many times a file was parsed (tests and the bench read it).</summary>
        public int Loads { get; private set; }

        /// <summary>The file as it is now: the parse already held when length and last-write time are unchanged, else a new one.</summary>
        public KnownHostsFile Get(string path)
        {
            // Looked at before parsing: a change made while parsing shows as a different stamp next time, never the reverse.
            var info = new FileInfo(path);
            long length = info.Exists ? info.Length : -1;
            DateTime written = info.Exists ? info.LastWriteTimeUtc : DateTime.MinValue;
            lock (_gate)
            {
                if (_files.TryGetValue(path, out var held) && held.Length == length && held.LastWriteUtc == written) return held.File;
                // Parsed under the lock: connections starting together wait for one parse instead of making one each.
                var file = KnownHostsFile.Load(path);
                Loads++;
                _files[path] = (length, written, file);
                return file;
            }
        }

        /// <summary>Keeps the file as an append under the known_hosts lock left it.</summary>
        public void Store(string path, KnownHostsAppend written)
        {
            lock (_gate)
            {
                _files[path] = (written.Length, written.LastWriteUtc, written.File);
            }
        }
    }
}
