using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using RescaleSsh.Connections;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// Copies one planned file on a worker thread: the -Update check, the copy itself (temp name, rename,
    /// timestamps, resume) and the -Verify check; returns its TransferResult or throws a RescaleSshException
    /// naming the file.
    /// </summary>
    internal static class TransferJob
    {
        public static TransferResult Run(DeviceConnection connection, TransferItem item, TransferOptions options, TransferProgress progress, CancellationToken cancellation)
        {
            var clock = Stopwatch.StartNew();
            bool upload = options.Direction == TransferDirection.Upload;
            var result = new TransferResult
            {
                Source = item.SourceDisplay,
                Destination = item.DestinationDisplay,
                Direction = options.Direction,
                Length = item.Length,
            };
            long reported = 0;
            try
            {
                progress?.Started(item.SourceDisplay);
                if (options.Update && IsUpToDate(connection, item, upload))
                {
                    result.Status = TransferStatus.Skipped;
                    result.Duration = clock.Elapsed;
                    return result;
                }

                Action<long> moved = bytes =>
                {
                    reported += bytes;
                    progress?.Moved(bytes);
                };
                Action<long> alreadyThere = bytes =>
                {
                    reported += bytes;
                    progress?.AlreadyThere(bytes);
                };
                long resumedFrom;
                try
                {
                    resumedFrom = upload
                        ? FileUploader.Upload(connection.Sftp, connection.Hooks, item, options.Resume, moved, alreadyThere, cancellation)
                        : FileDownloader.Download(connection.Sftp, connection.Hooks, item, options.Resume, moved, alreadyThere, cancellation);
                }
                catch (Exception ex) when (!(ex is OperationCanceledException) || !cancellation.IsCancellationRequested)
                {
                    throw TransferFailure.Translate(ex, item.SourceDisplay, upload ? "upload" : "download");
                }
                result.Status = resumedFrom > 0 ? TransferStatus.Resumed : TransferStatus.Copied;
                double seconds = clock.Elapsed.TotalSeconds;
                result.BytesPerSecond = seconds > 0 ? (item.Length - resumedFrom) / seconds : 0;

                if (options.Verify)
                {
                    connection.Hooks.BeforeVerify?.Invoke(item.DestinationPath);
                    result.Sha256 = Verify(connection, item, upload, cancellation);
                }
                result.Duration = clock.Elapsed;
                return result;
            }
            finally
            {
                progress?.FileDone(item.Length - reported);
            }
        }

        private static bool IsUpToDate(DeviceConnection connection, TransferItem item, bool upload)
        {
            long length;
            DateTime written;
            if (upload)
            {
                var remote = RemoteFiles.TryStat(connection.Sftp, item.DestinationPath);
                if (remote == null || !remote.IsRegularFile) return false;
                length = remote.Size;
                written = remote.LastWriteTimeUtc;
            }
            else
            {
                var local = new FileInfo(item.DestinationPath);
                if (!local.Exists) return false;
                length = local.Length;
                written = local.LastWriteTimeUtc;
            }
            return length == item.Length && SameSecond(written, item.LastWriteTimeUtc);
        }

        /// <summary>SFTP v3 carries whole seconds, so times are compared to the second.</summary>
        internal static bool SameSecond(DateTime a, DateTime b) =>
            a.ToUniversalTime().Ticks / TimeSpan.TicksPerSecond == b.ToUniversalTime().Ticks / TimeSpan.TicksPerSecond;

        private static string Verify(DeviceConnection connection, TransferItem item, bool upload, CancellationToken cancellation)
        {
            string localPath = upload ? item.SourcePath : item.DestinationPath;
            string remotePath = upload ? item.DestinationPath : item.SourcePath;
            string remoteDisplay = upload ? item.DestinationDisplay : item.SourceDisplay;
            string local = FileHash.Sha256(localPath, cancellation);
            string remote = RemoteHasher.Sha256(connection, remotePath, remoteDisplay, item.SourceDisplay, cancellation);
            if (!string.Equals(local, remote, StringComparison.Ordinal))
            {
                throw new RescaleSshException("VerifyFailed", FailureCategory.InvalidData,
                    $"'{item.DestinationDisplay}' does not match its source after the copy (SHA-256 here {local}, on the device {remote}). Copy it again; if it keeps failing, check the device's storage.",
                    item.SourceDisplay);
            }
            return local;
        }
    }
}
