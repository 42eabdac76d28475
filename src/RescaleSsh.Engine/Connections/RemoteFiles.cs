using System;
using System.IO;
using System.Net.Sockets;
using Renci.SshNet;
using Renci.SshNet.Common;
using Renci.SshNet.Sftp;

namespace RescaleSsh.Connections
{
    /// <summary>
    /// The small SFTP file operations the authorized_keys editor and the transfers share: look without failing on a
    /// missing path, create exclusively, replace atomically, set and read Unix modes, delete best-effort.
    /// </summary>
    internal static class RemoteFiles
    {
        public static SftpFileAttributes TryStat(SftpClient sftp, string path)
        {
            try
            {
                return sftp.GetAttributes(path);
            }
            catch (SftpPathNotFoundException)
            {
                return null;
            }
        }

        public static byte[] TryReadAll(SftpClient sftp, string path)
        {
            try
            {
                return sftp.ReadAllBytes(path);
            }
            catch (SftpPathNotFoundException)
            {
                return null;
            }
        }

        /// <summary>Creates <paramref name="path"/> with <paramref name="content"/> only if nothing has that name (SSH_FXF_CREAT|SSH_FXF_EXCL).</summary>
        public static bool TryCreateExclusive(SftpClient sftp, string path, byte[] content)
        {
            SftpFileStream stream;
            try
            {
                stream = sftp.Open(path, FileMode.CreateNew, FileAccess.Write);
            }
            catch (SshException ex) when (!(ex is SshConnectionException) && !(ex is SftpPermissionDeniedException) && !(ex is SftpPathNotFoundException))
            {
                return false; // SSH_FX_FAILURE: it exists (SFTP v3 has no FILE_ALREADY_EXISTS)
            }
            using (stream)
            {
                stream.Write(content, 0, content.Length);
            }
            return true;
        }

        /// <summary>posix-rename replaces the target atomically; plain SFTP v3 rename refuses an existing target.</summary>
        public static void Replace(SftpClient sftp, string from, string to)
        {
            try
            {
                sftp.RenameFile(from, to, true);
            }
            catch (NotSupportedException)
            {
                try { sftp.DeleteFile(to); } catch (SftpPathNotFoundException) { /* nothing to replace */ }
                sftp.RenameFile(from, to, false);
            }
        }

        /// <summary>Best effort: a leftover is cleaned up by the next writer.</summary>
        public static void TryDelete(SftpClient sftp, string path)
        {
            try
            {
                sftp.DeleteFile(path);
            }
            catch (Exception ex) when (ex is SshException || ex is ObjectDisposedException || ex is SocketException || ex is InvalidOperationException)
            {
                // Best effort.
            }
        }

        public static void SetMode(SftpClient sftp, string path, int mode)
        {
            short octalDigits = (short)(((mode >> 6) & 7) * 100 + ((mode >> 3) & 7) * 10 + (mode & 7));
            sftp.ChangePermissions(path, octalDigits);
        }

        /// <summary>The permission bits of <paramref name="a"/> as a Unix mode (0777 at most).</summary>
        public static int Mode(SftpFileAttributes a)
        {
            int mode = 0;
            if (a.OwnerCanRead) mode |= 0x100;
            if (a.OwnerCanWrite) mode |= 0x80;
            if (a.OwnerCanExecute) mode |= 0x40;
            if (a.GroupCanRead) mode |= 0x20;
            if (a.GroupCanWrite) mode |= 0x10;
            if (a.GroupCanExecute) mode |= 0x8;
            if (a.OthersCanRead) mode |= 0x4;
            if (a.OthersCanWrite) mode |= 0x2;
            if (a.OthersCanExecute) mode |= 0x1;
            return mode;
        }

        /// <summary>True when group or others have any access (sshd's StrictModes ignores such a ~/.ssh or authorized_keys).</summary>
        public static bool IsLoose(int mode) => (mode & 0x3F) != 0;
    }
}
