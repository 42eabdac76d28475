using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Threading;

namespace RescaleSsh.Transfers
{
    /// <summary>SHA-256 of a local file, streamed in fixed-size blocks.</summary>
    internal static class FileHash
    {
        public static string Sha256(string path, CancellationToken cancellation)
        {
            using (var sha = SHA256.Create())
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan))
            {
                var buffer = new byte[FileUploader.BufferFor(stream.Length)];
                int read;
                while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
                {
                    cancellation.ThrowIfCancellationRequested();
                    sha.TransformBlock(buffer, 0, read, null, 0);
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
