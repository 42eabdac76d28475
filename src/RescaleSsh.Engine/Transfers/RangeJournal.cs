using System;
using System.Globalization;
using System.Text;
using System.Threading;
using Renci.SshNet.Common;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// Beside a temporary file written in ranges (".name.rsh-ranges"): the offset below which every byte is written.
    /// Ranges finish out of order, so the temporary file may hold unwritten gaps below its size; -Resume continues
    /// from the journal's offset (the file is cut there first), never from the size. Rewritten as that offset
    /// advances: a new file created exclusively, then renamed over the journal (a link there is replaced, never
    /// written through). Gone once the file is whole.
    /// </summary>
    internal sealed class RangeJournal
    {
        public const string Suffix = ".rsh-ranges";

        private readonly SftpRequests _requests;
        private readonly DeviceFileSystem _device;
        private readonly string _path;
        private long _recorded = -1;
        private int _writing;

        public RangeJournal(SftpRequests requests, DeviceFileSystem device, string destinationPath)
        {
            _requests = requests;
            _device = device;
            _path = PathFor(destinationPath);
        }

        public static string PathFor(string destinationPath) =>
            RemotePath.Join(RemotePath.GetParent(destinationPath), "." + RemotePath.GetLeaf(destinationPath) + Suffix);

        /// <summary>
        /// Records that every byte below <paramref name="whole"/> is written. Skipped when another thread is recording
        /// (a later call records a later offset); best effort: a journal that could not be written only costs a resume.
        /// </summary>
        public void Record(long whole, CancellationToken cancellation)
        {
            if (whole <= Interlocked.Read(ref _recorded) || Interlocked.Exchange(ref _writing, 1) == 1) return;
            try
            {
                string next = _path + ".new";
                _device.TryRemove(next);
                byte[] text = Encoding.ASCII.GetBytes(whole.ToString(CultureInfo.InvariantCulture));
                _requests.WriteFile(next, text, text.Length, DateTime.UtcNow, chained: true, cancellation);
                _device.Replace(next, _path);
                Interlocked.Exchange(ref _recorded, whole);
            }
            catch (Exception ex) when (ex is SshException || ex is ObjectDisposedException || ex is InvalidOperationException || ex is System.Net.Sockets.SocketException)
            {
                // Best effort: without a journal a resume starts over.
            }
            finally
            {
                Interlocked.Exchange(ref _writing, 0);
            }
        }

        /// <summary>The file is whole (or cut back to its journal's offset): the journal goes.</summary>
        public void Remove() => _device.TryRemove(_path);

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
