using System;
using System.IO;
using System.Threading;

namespace RescaleSsh.Transfers
{
    /// <summary>A bounded-buffer copy loop that reports bytes and stops on cancellation: memory stays flat whatever the size.</summary>
    internal static class StreamCopy
    {
        public static void Copy(Stream from, Stream to, Action<long> progress, CancellationToken cancellation)
        {
            var buffer = new byte[FileUploader.CopyBufferSize];
            while (true)
            {
                int read = from.ReadAsync(buffer, 0, buffer.Length, cancellation).GetAwaiter().GetResult();
                if (read == 0) break;
                to.WriteAsync(buffer, 0, read, cancellation).GetAwaiter().GetResult();
                progress(read);
            }
            to.Flush();
        }
    }
}
