using System;
using System.IO;
using System.Threading;
using Renci.SshNet;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// Downloads one file: writes it under a hidden temporary name beside the target (".name.rsh-part"), sets
    /// its modification time, then renames it over the target (rename(2) on Unix: atomic). With resume, a
    /// temporary file left by an interrupted run is continued from its length.
    /// </summary>
    internal static class FileDownloader
    {
        /// <summary>Copies the file and returns the offset it started from (0 unless resumed).</summary>
        public static long Download(SftpClient sftp, EngineHooks hooks, TransferItem item, bool resume, Action<long> progress, Action<long> alreadyThere, CancellationToken cancellation)
        {
            string folder = Path.GetDirectoryName(item.DestinationPath);
            string temp = Path.Combine(folder ?? ".", TransferItem.PartialNameFor(Path.GetFileName(item.DestinationPath)));
            long offset = 0;
            if (resume)
            {
                var partial = new FileInfo(temp);
                if (partial.Exists && partial.Length <= item.Length) offset = partial.Length;
            }
            var requests = SftpRequests.For(sftp, hooks);
            // The pipeline writes whole SFTP answers: no FileStream buffer in between.
            int bufferSize = requests != null ? 1 : FileUploader.BufferFor(item.Length);
            using (var local = new FileStream(temp, offset > 0 ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, bufferSize))
            {
                if (offset > 0) alreadyThere(offset);
                if (requests != null)
                {
                    SftpReadPipeline.Copy(requests, item.SourcePath, offset, item.Length, local, progress, cancellation);
                }
                else if (offset > 0)
                {
                    using (var remote = sftp.OpenAsync(item.SourcePath, FileMode.Open, FileAccess.Read, cancellation).GetAwaiter().GetResult())
                    {
                        remote.Seek(offset, SeekOrigin.Begin);
                        StreamCopy.Copy(remote, local, progress, cancellation);
                    }
                }
                else
                {
                    sftp.DownloadFileAsync(item.SourcePath, new CountingStream(local, progress), cancellation).GetAwaiter().GetResult();
                }
            }
            Finish(temp, item, cancellation);
            return offset;
        }

        /// <summary>Gives the complete temporary file the source's time, then renames it over the target.</summary>
        private static void Finish(string temp, TransferItem item, CancellationToken cancellation)
        {
            cancellation.ThrowIfCancellationRequested();
            File.SetLastWriteTimeUtc(temp, item.LastWriteTimeUtc);
            cancellation.ThrowIfCancellationRequested();
            if (File.Exists(item.DestinationPath)) File.Replace(temp, item.DestinationPath, null, true);
            else File.Move(temp, item.DestinationPath);
        }
    }
}
