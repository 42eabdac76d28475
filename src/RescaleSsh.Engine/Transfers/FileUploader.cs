using System;
using System.IO;
using System.Threading;
using Renci.SshNet;
using Renci.SshNet.Common;

using RescaleSsh.Connections;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// Uploads one file into a temporary file beside the target on the device (".name.rsh-part"), created exclusively
    /// (SSH_FXF_CREAT|EXCL: a link planted there is never written through). With -Resume an earlier partial file is
    /// continued only when lstat shows a regular file this login owns; anything else there is left alone and a new
    /// unique name is used. Finished, the file is renamed over the target with posix-rename@openssh.com sent with the
    /// exact path, so a link at the target is replaced itself, whatever the file's size.
    /// </summary>
    internal sealed class FileUploader : IFileCopy
    {
        public const int CopyBufferSize = 256 * 1024;

        /// <summary>
        /// Up to this size SSH.NET's synchronous UploadFile is used: measured ~2x faster per small file than
        /// UploadFileAsync, and a file this small finishes soon after Ctrl+C anyway. Bigger files use the
        /// cancellable UploadFileAsync.
        /// </summary>
        public const long SmallFileBytes = 4L * 1024 * 1024;

        /// <summary>Up to this size a file goes through <see cref="SftpRequests"/>: read whole, four round trips.</summary>
        public const int TinyFileBytes = 256 * 1024;

        private readonly DeviceConnection _connection;
        private readonly TransferItem _item;
        private readonly DeviceFileSystem _device;
        private bool _canonical;
        private bool _looked;
        private bool _stamped;

        private readonly Action<string> _verbose;
        private RangeJournal _journal;
        private bool _holdsExtraChannels;

        public FileUploader(DeviceConnection connection, TransferItem item, DeviceFileSystem device, Action<string> verbose = null)
        {
            _connection = connection;
            _item = item;
            _device = device;
            _verbose = verbose;
        }

        /// <summary>A local FileStream buffer no bigger than the file: no 256 KB allocation per 4 KB file.</summary>
        public static int BufferFor(long length) => (int)Math.Max(4096, Math.Min(CopyBufferSize, length));

        public string PartialPath { get; private set; }
        public string LocalPath => _item.SourcePath;
        public string RemotePath => PartialPath;
        public string Note { get; private set; }

        /// <summary>
        /// Without -Resume nothing is asked yet: the temporary file is created exclusively when the bytes are written,
        /// and only if something holds its name does <see cref="Copy"/> look at it (one round trip saved per file).
        /// </summary>
        public long Claim(bool resume)
        {
            PartialPath = Transfers.RemotePath.Join(Transfers.RemotePath.GetParent(_item.DestinationPath), TransferItem.PartialNameFor(Leaf));
            _canonical = true;
            return resume ? Look(resume: true) : 0;
        }

        private string Leaf => Transfers.RemotePath.GetLeaf(_item.DestinationPath);

        /// <summary>
        /// Looks at the usual temporary name without following a link: an own regular file is continued (-Resume) or
        /// removed; anything else is left alone and a unique name is used. Returns the bytes that may be continued.
        /// </summary>
        private long Look(bool resume)
        {
            _looked = true;
            var seen = _device.Look(PartialPath);
            if (seen == null) return 0;
            if (!_device.IsOwnRegularFile(PartialPath, seen))
            {
                Note = $"A temporary file left beside '{DisplayText.Visible(_item.DestinationDisplay)}' is a link, a folder or another account's file; it was left alone and a new temporary name is used.";
                PartialPath = Transfers.RemotePath.Join(Transfers.RemotePath.GetParent(_item.DestinationPath), TransferItem.UniquePartialNameFor(Leaf));
                _canonical = false;
                return 0;
            }
            if (resume && seen.Size > 0 && seen.Size <= _item.Length)
            {
                // Written in ranges: only the bytes below the journal's offset are known to be there.
                long? whole = _item.Length > TinyFileBytes ? RangeJournal.Read(_device, _item.DestinationPath) : null;
                if (whole == null) return seen.Size;
                long offset = Math.Min(whole.Value, seen.Size);
                var exact = SftpRequests.Exact(_device.Sftp);
                bool usable = offset > 0 && (offset == seen.Size || exact != null);
                if (usable && offset < seen.Size) exact.SetSize(PartialPath, offset);
                _device.TryRemove(RangeJournal.PathFor(_item.DestinationPath));
                if (usable) return offset;
            }
            _device.Remove(PartialPath);
            return 0;
        }

        public void Restart() => _device.Remove(PartialPath);

        public void Copy(long offset, Action<long> progress, CancellationToken cancellation)
        {
            using (var local = new FileStream(_item.SourcePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, BufferFor(_item.Length), FileOptions.SequentialScan))
            {
                if (offset > 0)
                {
                    Continue(local, offset, progress, cancellation);
                    return;
                }
                try
                {
                    Create(local, progress, cancellation);
                }
                catch (SshException ex) when (!_looked && !(ex is SshConnectionException) && !(ex is SftpPermissionDeniedException) && !(ex is SftpPathNotFoundException))
                {
                    // SSH_FX_FAILURE on an exclusive create: something holds the temporary name. Look at it, then write once more.
                    Look(resume: false);
                    local.Seek(0, SeekOrigin.Begin);
                    Create(local, progress, cancellation);
                }
            }
        }

        /// <summary>Writes the whole file to a temporary file created exclusively (SSH_FXF_CREAT|EXCL: nothing there is written through).</summary>
        private void Create(FileStream local, Action<long> progress, CancellationToken cancellation)
        {
            SftpRequests requests;
            if (local.Length <= TinyFileBytes && (requests = SftpRequests.For(_connection.Sftp, _connection.Hooks)) != null)
            {
                var data = new byte[local.Length];
                int length = 0;
                int read;
                while (length < data.Length && (read = local.Read(data, length, data.Length - length)) > 0) length += read;
                requests.WriteFile(PartialPath, data, length, _item.LastWriteTimeUtc, _connection.RoundTrip(null) >= RangeSizing.LongLink, cancellation);
                _stamped = true; // the fsetstat sent with the bytes gave it the source's time already
                progress(length);
                return;
            }
            int connections = RangeSizing.ConnectionsFor(_connection, local.Length);
            if (connections > 1 && (requests = SftpRequests.For(_connection.Sftp, _connection.Hooks)) != null)
            {
                PrepareExtraChannels(connections, cancellation);
                // A journal left without its file (removed by hand) must never vouch for these bytes: it goes in the same round trip.
                var stale = requests.BeginRemove(RangeJournal.PathFor(_item.DestinationPath));
                byte[] handle = requests.CreateNew(PartialPath);
                RangeJournal.Settle(requests, stale);
                WriteRanges(requests, handle, 0, connections, progress, cancellation);
                return;
            }
            // canOverride false: SSH.NET opens with SSH_FXF_CREAT|EXCL.
            long reported = 0;
            if (local.Length <= SmallFileBytes)
            {
                _connection.Sftp.UploadFile(local, PartialPath, false, total =>
                {
                    progress((long)total - reported);
                    reported = (long)total;
                });
                return;
            }
            var report = new SyncProgress<UploadFileProgressReport>(r =>
            {
                long total = (long)r.TotalBytesUploaded;
                progress(total - reported);
                reported = total;
            });
            _connection.Sftp.UploadFileAsync(local, PartialPath, false, report, cancellation).GetAwaiter().GetResult();
        }

        /// <summary>Writes from <paramref name="from"/> on through the handle (closed here) and the extra connections, with a journal when ranges can finish out of order.</summary>
        private void WriteRanges(SftpRequests requests, byte[] handle, long from, int connections, Action<long> progress, CancellationToken cancellation)
        {
            PendingCloses extraCloses = null;
            try
            {
                if (connections > 1)
                {
                    _journal = new RangeJournal(requests, _device, _item.DestinationPath, _connection.Hooks, cancellation);
                    _verbose?.Invoke($"Uploading '{DisplayText.Visible(_item.SourceDisplay)}' in ranges over up to {connections} SFTP channels.");
                }
                extraCloses = RangedUpload.Run(_connection, requests, handle, _item.SourcePath, PartialPath, from, _item.Length, connections, _journal, progress, _verbose, cancellation);
            }
            finally
            {
                if (extraCloses != null && from == 0)
                {
                    // A fresh copy is trusted (ClaimAndCheck): its times travel with the close, one round trip for both.
                    CloseAll(() => requests.StampAndClose(handle, _item.LastWriteTimeUtc, cancellation), extraCloses, cancellation);
                    _stamped = true;
                }
                else if (extraCloses != null) CloseAll(() => requests.Close(handle), extraCloses, cancellation);
                else if (!cancellation.IsCancellationRequested) CloseAfterFailure(requests, handle);
            }
        }

        /// <summary>Closes the first channel's handle, then waits for the extra handles' closes, which were sent before it.</summary>
        private static void CloseAll(Action closeFirst, PendingCloses extraCloses, CancellationToken cancellation)
        {
            try
            {
                closeFirst();
            }
            catch (Exception)
            {
                extraCloses.Forget();
                throw;
            }
            extraCloses.Wait(cancellation);
        }

        /// <summary>
        /// Holds the extra channels for this file's ranges until it is finished (<see cref="Dispose"/>) and starts opening
        /// them, so that they are ready when its lanes start.
        /// </summary>
        private void PrepareExtraChannels(int connections, CancellationToken cancellation)
        {
            if (connections <= 1 || _connection.Extra == null) return;
            if (!_holdsExtraChannels) _connection.Extra.Begin();
            _holdsExtraChannels = true;
            _connection.Extra.Prepare(connections - 1, cancellation);
        }

        private static void CloseAfterFailure(SftpRequests requests, byte[] handle)
        {
            try
            {
                requests.Close(handle);
            }
            catch (Exception ex) when (ex is SshException || ex is ObjectDisposedException || ex is InvalidOperationException)
            {
                // The copy already failed; that failure is the one to report.
            }
        }

        /// <summary>Appends to the partial file Claim accepted, after checking it is still the regular file it looked at.</summary>
        private void Continue(FileStream local, long offset, Action<long> progress, CancellationToken cancellation)
        {
            var requests = SftpRequests.For(_connection.Sftp, _connection.Hooks);
            if (requests != null)
            {
                int connections = RangeSizing.ConnectionsFor(_connection, _item.Length - offset);
                PrepareExtraChannels(connections, cancellation);
                byte[] handle = requests.OpenForWriting(PartialPath);
                var seen = _device.Look(PartialPath);
                if (seen == null || !seen.IsRegularFile || seen.Size != offset)
                {
                    requests.Close(handle);
                    throw new IOException($"The temporary file beside '{_item.DestinationPath}' changed while it was opened.");
                }
                WriteRanges(requests, handle, offset, connections, progress, cancellation);
                return;
            }
            local.Seek(offset, SeekOrigin.Begin);
            using (var remote = _connection.Sftp.Open(PartialPath, FileMode.Open, FileAccess.Write))
            {
                var now = _device.Look(PartialPath);
                if (now == null || !now.IsRegularFile || now.Size != offset)
                {
                    throw new IOException($"The temporary file beside '{_item.DestinationPath}' changed while it was opened.");
                }
                remote.Seek(offset, SeekOrigin.Begin);
                StreamCopy.Copy(local, remote, progress, cancellation);
            }
        }

        public void Finish(bool stamp, CancellationToken cancellation)
        {
            cancellation.ThrowIfCancellationRequested();
            if (stamp && !_stamped) _device.SetTimes(PartialPath, _item.LastWriteTimeUtc);
            cancellation.ThrowIfCancellationRequested();
            var journalGone = _journal?.BeginRemove();
            _device.Replace(PartialPath, _item.DestinationPath);
            _journal?.Settle(journalGone);
            PartialPath = null;
        }

        public void Abandon(bool keepForResume)
        {
            if (PartialPath == null || (keepForResume && _canonical)) return;
            _journal?.Remove();
            _device.TryRemove(PartialPath);
        }

        /// <summary>Lets the extra channels go once the file is finished or abandoned: they close then, while the command goes on.</summary>
        public void Dispose()
        {
            if (_holdsExtraChannels) _connection.Extra.End();
            _holdsExtraChannels = false;
        }
    }
}
