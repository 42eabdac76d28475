using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Threading;

namespace RescaleSsh.Transfers
{
    /// <summary>SHA-256 of a local file (or of its first bytes), streamed in fixed-size blocks.</summary>
    internal static class FileHash
    {
        public static string Sha256(string path, CancellationToken cancellation) => Sha256(path, long.MaxValue, cancellation);

        /// <summary>SHA-256 of the first <paramref name="length"/> bytes of the file (all of it when shorter).</summary>
        public static string Sha256(string path, long length, CancellationToken cancellation)
        {
            using (var sha = SHA256.Create())
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan))
            {
                var buffer = new byte[FileUploader.BufferFor(Math.Min(length, stream.Length))];
                int read;
                long left = length;
                while (left > 0 && (read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, left))) > 0)
                {
                    cancellation.ThrowIfCancellationRequested();
                    sha.TransformBlock(buffer, 0, read, null, 0);
                    left -= read;
                }
                sha.TransformFinalBlock(buffer, 0, 0);
                return ToHex(sha.Hash);
            }
        }

        public static string ToHex(byte[] bytes)
        {
            var text = new StringBuilder(bytes.Length * 2);
            foreach (byte b in bytes) text.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            return text.ToString();
        }
    }
}
