using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Renci.SshNet;
using Renci.SshNet.Common;
using Renci.SshNet.Sftp;
using RescaleSsh.Connections;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// The device's files as a transfer touches them, with paths sent exactly as given (<see cref="SftpRequests.Exact"/>):
    /// SftpClient's public calls first resolve every path with SSH_FXP_REALPATH, so a rename onto a link would move the
    /// link's target and an lstat would describe the target. With an SSH.NET whose internals are not found the public
    /// calls are the fallback (the listing of the parent stands in for lstat).
    /// </summary>
    internal sealed class DeviceFileSystem
    {
        private readonly SftpClient _sftp;
        private readonly SftpRequests _exact;

        public DeviceFileSystem(SftpClient sftp)
        {
            _sftp = sftp;
            _exact = SftpRequests.Exact(sftp);
        }

        public SftpClient Sftp => _sftp;

        /// <summary>What is at <paramref name="path"/> itself (a link is not followed), or null when nothing is.</summary>
        public SftpFileAttributes Look(string path)
        {
            if (_exact != null) return _exact.LStat(path);
            string leaf = RemotePath.GetLeaf(path);
            try
            {
                return _sftp.ListDirectory(RemotePath.GetParent(path)).FirstOrDefault(f => f.Name == leaf)?.Attributes;
            }
            catch (SftpPathNotFoundException)
            {
                return null;
            }
        }

        /// <summary>What <paramref name="path"/> leads to (links followed), or null when nothing does.</summary>
        public SftpFileAttributes Stat(string path) => _exact != null ? _exact.Stat(path) : RemoteFiles.TryStat(_sftp, path);

        /// <summary>
        /// The entries of a folder with their own attributes (links not followed), without "." and "..". Stops reading
        /// once more than <paramref name="limit"/> names came, so a device that lists without end cannot exhaust memory.
        /// </summary>
        public List<KeyValuePair<string, SftpFileAttributes>> List(string folder, int limit, CancellationToken cancellation)
        {
            var entries = new List<KeyValuePair<string, SftpFileAttributes>>();
            if (_exact == null)
            {
                foreach (var file in _sftp.ListDirectory(folder))
                {
                    cancellation.ThrowIfCancellationRequested();
                    if (Add(entries, file.Name, file.Attributes, limit)) break;
                }
                return entries;
            }
            byte[] handle = _exact.OpenDirectory(folder);
            try
            {
                KeyValuePair<string, SftpFileAttributes>[] batch;
                while ((batch = _exact.ReadDirectory(handle)) != null)
                {
                    cancellation.ThrowIfCancellationRequested();
                    if (batch.Any(entry => Add(entries, entry.Key, entry.Value, limit))) break;
                }
            }
            finally
            {
                _exact.Close(handle);
            }
            return entries;
        }

        /// <summary>Adds one listed name; true once the list holds more than <paramref name="limit"/> entries.</summary>
        private static bool Add(List<KeyValuePair<string, SftpFileAttributes>> entries, string name, SftpFileAttributes attributes, int limit)
        {
            if (name == "." || name == "..") return false;
            entries.Add(new KeyValuePair<string, SftpFileAttributes>(name, attributes));
            return entries.Count > limit;
        }

        /// <summary>The canonical absolute path (SSH_FXP_REALPATH: links resolved), or null when the device cannot say.</summary>
        public string RealPath(string path)
        {
            try
            {
                return _exact != null ? _exact.RealPath(path) : _sftp.Get(path).FullName;
            }
            catch (SshException ex) when (!(ex is SshConnectionException))
            {
                return null;
            }
        }

        /// <summary>Removes a file or a link itself (never a link's target).</summary>
        public void Remove(string path)
        {
            if (_exact != null) _exact.Remove(path);
            else _sftp.DeleteFile(path);
        }

        /// <summary>Best effort: a leftover temporary file is harmless and found by the next run.</summary>
        public void TryRemove(string path)
        {
            try
            {
                Remove(path);
            }
            catch (Exception ex) when (ex is SshException || ex is ObjectDisposedException || ex is InvalidOperationException || ex is System.Net.Sockets.SocketException)
            {
                // Best effort.
            }
        }

        /// <summary>
        /// Moves <paramref name="from"/> over <paramref name="to"/>: posix-rename@openssh.com (atomic) where offered,
        /// else remove and rename. A link at <paramref name="to"/> is replaced itself; its target is never touched.
        /// </summary>
        public void Replace(string from, string to)
        {
            if (_exact == null)
            {
                RemoteFiles.Replace(_sftp, from, to);
                return;
            }
            try
            {
                _exact.PosixRename(from, to);
            }
            catch (NotSupportedException)
            {
                if (_exact.LStat(to) != null) _exact.Remove(to);
                _exact.Rename(from, to);
            }
        }

        public void SetTimes(string path, DateTime lastWriteTimeUtc)
        {
            if (_exact != null) _exact.SetTimes(path, lastWriteTimeUtc);
            else _sftp.SetLastWriteTimeUtc(path, lastWriteTimeUtc);
        }

        /// <summary>
        /// True when this login owns the regular file at <paramref name="path"/>: setting a file's times to given values
        /// is allowed to its owner only (utimensat(2)), so the device answers without the module knowing its uid.
        /// </summary>
        public bool IsOwnRegularFile(string path, SftpFileAttributes seen)
        {
            if (seen == null || !seen.IsRegularFile || seen.IsSymbolicLink) return false;
            try
            {
                SetTimes(path, seen.LastWriteTimeUtc);
                return true;
            }
            catch (SshException ex) when (!(ex is SshConnectionException))
            {
                return false; // permission denied (another account's file), or a server that will not say
            }
        }
    }
}
