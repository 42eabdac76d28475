using System;
using System.IO;
using System.Threading;
using Renci.SshNet;
using RescaleSsh.Connections;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// Downloads one file into a temporary file beside the target (".name.rsh-part"), created exclusively
    /// (FileMode.CreateNew: a link planted there is never followed). With -Resume an earlier partial file is continued
    /// only when it is a regular file this account owns; anything else there is left alone and a new unique name is
    /// used. Finished, the file is renamed over the target with rename(2), which replaces a link at the target itself.
    /// </summary>
    internal sealed class FileDownloader : IFileCopy
    {
        private readonly DeviceConnection _connection;
        private readonly TransferItem _item;
        private FileStream _stream;
        private bool _canonical;
        /// <summary>True once this copy created or opened the temporary file: only then may it delete it.</summary>
        private bool _owned;

        public FileDownloader(DeviceConnection connection, TransferItem item)
        {
            _connection = connection;
            _item = item;
        }

        public string PartialPath { get; private set; }
        public string LocalPath => PartialPath;
        public string RemotePath => _item.SourcePath;
        public string Note { get; private set; }

        public long Claim(bool resume)
        {
            string folder = Path.GetDirectoryName(_item.DestinationPath) ?? ".";
            string leaf = Path.GetFileName(_item.DestinationPath);
            string canonical = Path.Combine(folder, TransferItem.PartialNameFor(leaf));
            // The pipeline writes whole SFTP answers: no FileStream buffer in between.
            int bufferSize = SftpRequests.For(_connection.Sftp, _connection.Hooks) != null ? 1 : FileUploader.BufferFor(_item.Length);
            if (LocalFileSystem.Look(canonical) != null)
            {
                if (!LocalFileSystem.IsOwnRegularFile(canonical))
                {
                    Note = $"A temporary file left beside '{DisplayText.Visible(_item.DestinationDisplay)}' is a link, a folder or another account's file; it was left alone and a new temporary name is used.";
                    return Fresh(Path.Combine(folder, TransferItem.UniquePartialNameFor(leaf)), canonical: false, bufferSize);
                }
                long length = new FileInfo(canonical).Length;
                if (resume && length > 0 && length <= _item.Length)
                {
                    PartialPath = canonical;
                    _stream = new FileStream(canonical, FileMode.Open, FileAccess.Write, FileShare.Read, bufferSize); // the resume check reads it
                    // Opened by name: make sure it is still the regular file just looked at, not a link put there meanwhile.
                    if (!LocalFileSystem.IsOwnRegularFile(canonical) || _stream.Length != length)
                    {
                        _stream.Dispose();
                        throw new IOException($"The temporary file beside '{_item.DestinationPath}' changed while it was opened.");
                    }
                    _stream.Seek(0, SeekOrigin.End);
                    _canonical = _owned = true;
                    return length;
                }
                File.Delete(canonical);
            }
            return Fresh(canonical, canonical: true, bufferSize);
        }

        private long Fresh(string path, bool canonical, int bufferSize)
        {
            PartialPath = path; // named before it exists, so that a failure to create it names the target instead
            _canonical = canonical;
            _stream = LocalFileSystem.TryCreateNew(path, bufferSize)
                ?? throw new IOException($"Cannot create a temporary file beside '{_item.DestinationPath}': something else was created there meanwhile.");
            _owned = true;
            return 0;
        }

        public void Restart()
        {
            _stream.SetLength(0);
            _stream.Seek(0, SeekOrigin.Begin);
        }

        public void Copy(long offset, Action<long> progress, CancellationToken cancellation)
        {
            var requests = SftpRequests.For(_connection.Sftp, _connection.Hooks);
            if (requests != null)
            {
                SftpReadPipeline.Copy(requests, _item.SourcePath, offset, _item.Length, _stream, progress, cancellation,
                    SftpReadPipeline.ReadsFor(_connection.RoundTrip(null)));
            }
            else
            {
                var bounded = new CountingStream(_stream, progress, _item.Length - offset, _item.Length);
                if (offset > 0)
                {
                    using (var remote = _connection.Sftp.OpenAsync(_item.SourcePath, FileMode.Open, FileAccess.Read, cancellation).GetAwaiter().GetResult())
                    {
                        remote.Seek(offset, SeekOrigin.Begin);
                        StreamCopy.Copy(remote, bounded, _ => { }, cancellation);
                    }
                }
                else
                {
                    _connection.Sftp.DownloadFileAsync(_item.SourcePath, bounded, cancellation).GetAwaiter().GetResult();
                }
                if (bounded.Count < bounded.Limit) throw SourceChangedException.EndedAt(offset + bounded.Count, _item.Length);
            }
            _stream.Flush();
            _stream.Dispose();
            _stream = null;
        }

        public void Finish(bool stamp, CancellationToken cancellation)
        {
            cancellation.ThrowIfCancellationRequested();
            if (stamp) File.SetLastWriteTimeUtc(PartialPath, _item.LastWriteTimeUtc);
            cancellation.ThrowIfCancellationRequested();
            LocalFileSystem.Replace(PartialPath, _item.DestinationPath);
            PartialPath = null;
        }

        public void Abandon(bool keepForResume)
        {
            Dispose();
            if (PartialPath == null || !_owned || (keepForResume && _canonical)) return;
            try
            {
                File.Delete(PartialPath);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // Best effort: a leftover temporary file is harmless.
            }
        }

        public void Dispose()
        {
            _stream?.Dispose();
            _stream = null;
        }
    }
}
