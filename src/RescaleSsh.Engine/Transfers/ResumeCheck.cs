using System;
using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading;
using RescaleSsh.Connections;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// Before -Resume trusts the bytes a partial file holds, checks that they are the start of this source: the
    /// SHA-256 of the first N bytes on both sides (the device runs head -c N | sha256sum, or shasum -a 256), or, on a
    /// device that cannot run either, the last block of the prefix read over SFTP. A partial left by an older version
    /// of the source is then copied over from the start instead of being continued.
    /// </summary>
    internal static class ResumeCheck
    {
        public const int LastBlockBytes = 64 * 1024;
        private const int NoTool = 127;
        private static readonly Regex Digest = new Regex("^\\\\?([0-9a-fA-F]{64})[ \\t]", RegexOptions.CultureInvariant);

        public static PrefixMatch Compare(DeviceConnection connection, string localPath, string remotePath, long length, CancellationToken cancellation)
        {
            string remote = RemotePrefixSha256(connection, remotePath, length, cancellation);
            if (remote != null)
            {
                return string.Equals(remote, FileHash.Sha256(localPath, length, cancellation), StringComparison.Ordinal) ? PrefixMatch.Confirmed : PrefixMatch.Mismatch;
            }
            return LastBlockMatches(connection, localPath, remotePath, length) ? PrefixMatch.Plausible : PrefixMatch.Mismatch;
        }

        public static string CommandFor(string remotePath, long length) =>
            "if command -v sha256sum >/dev/null 2>&1; then h='sha256sum -b'; elif command -v shasum >/dev/null 2>&1; then h='shasum -a 256 -b'; " +
            "else exit " + NoTool + "; fi; head -c " + length.ToString(CultureInfo.InvariantCulture) + " -- " + RemotePath.QuoteForShell(remotePath) + " | $h";

        /// <summary>The device's SHA-256 of the first <paramref name="length"/> bytes, or null when it cannot compute one.</summary>
        private static string RemotePrefixSha256(DeviceConnection connection, string remotePath, long length, CancellationToken cancellation)
        {
            CommandOutput result;
            try
            {
                result = connection.Run(CommandFor(remotePath, length), CommandLimits.Digest, cancellation);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                return null; // no exec channel (an SFTP-only account): the SFTP check below
            }
            var match = Digest.Match(result.Output ?? "");
            return result.ExitStatus == 0 && match.Success ? match.Groups[1].Value.ToLowerInvariant() : null;
        }

        private static bool LastBlockMatches(DeviceConnection connection, string localPath, string remotePath, long length)
        {
            int block = (int)Math.Min(LastBlockBytes, length);
            var local = new byte[block];
            var remote = new byte[block];
            using (var file = new FileStream(localPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                file.Seek(length - block, SeekOrigin.Begin);
                if (ReadFully(file, local) < block) return false;
            }
            using (var file = connection.Sftp.Open(remotePath, FileMode.Open, FileAccess.Read))
            {
                file.Seek(length - block, SeekOrigin.Begin);
                if (ReadFully(file, remote) < block) return false;
            }
            return local.AsSpan().SequenceEqual(remote);
        }

        private static int ReadFully(Stream stream, byte[] buffer)
        {
            int total = 0;
            int read;
            while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0) total += read;
            return total;
        }
    }
}
