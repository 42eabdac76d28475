using System;
using System.Collections.Generic;
using System.Threading;
using RescaleSsh.Connections;
using RescaleSsh.Transfers;
using Renci.SshNet.Common;

namespace RescaleSsh.Items
{
    /// <summary>
    /// Remove-RescaleItem on one device. Every path is looked at with lstat, never followed: a link is removed as a
    /// link, and a recursive removal never leaves the tree it was given through one (links inside are unlinked, their
    /// targets untouched). A folder with content needs -Recurse. The root, the home folder, a folder holding the home
    /// and .ssh folders are refused unless -Force, with the reason. ShouldProcess is asked once per item given.
    /// A folder's names are read before its entries are removed (removing while reading a folder may skip entries).
    /// </summary>
    internal sealed class ItemRemover
    {
        private readonly DeviceConnection _connection;
        private readonly IOperationHost _host;
        private readonly SftpPathRequests _directory;
        private readonly CancellationToken _cancellation;

        public ItemRemover(DeviceConnection connection, IOperationHost host, CancellationToken cancellation)
        {
            _connection = connection;
            _host = host;
            _cancellation = cancellation;
            _directory = new SftpPathRequests(connection.Sftp, connection.Hooks);
        }

        /// <summary>Removes one absolute or home-relative path; failures are errors for it (a cut connection ends the device's work).</summary>
        public void Remove(string path, bool recurse, bool force)
        {
            var device = _connection.Device;
            string home = _connection.Sftp.WorkingDirectory;
            string absolute = DevicePaths.Absolute(home, path);
            string display = ItemErrors.Display(device, absolute);
            try
            {
                string why = DevicePaths.Precious(home, absolute);
                if (why != null && !force)
                {
                    throw new RescaleSshException("RemovalRefused", FailureCategory.PermissionDenied,
                        $"'{display}' was not removed: {why}. If you really mean it, add -Force.", display);
                }
                Renci.SshNet.Sftp.SftpFileAttributes own;
                try
                {
                    own = _directory.LStat(absolute);
                }
                catch (SftpPathNotFoundException)
                {
                    throw ItemErrors.NotFound(device, absolute);
                }
                if (own.IsDirectory && !recurse && HasEntries(absolute))
                {
                    throw new RescaleSshException("FolderNotEmpty", FailureCategory.InvalidOperation,
                        $"'{display}' is a folder with content. Add -Recurse to remove it and everything in it.", display);
                }
                if (!_host.ShouldProcess(display, own.IsDirectory ? "Remove Directory" : "Remove File")) return;
                if (own.IsDirectory) RemoveTree(absolute);
                else _directory.Remove(absolute);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                var failure = ex as RescaleSshException ?? ItemErrors.Failed(ex, device, absolute, "remove");
                if (failure.Category == FailureCategory.ConnectionError) throw failure;
                _host.WriteError(failure, failure.Target);
            }
        }

        private bool HasEntries(string folder)
        {
            foreach (var _ in _directory.Read(folder, _cancellation)) return true;
            return false;
        }

        private void RemoveTree(string folder)
        {
            var folders = new List<string>();
            var others = new List<string>();
            foreach (var entry in _directory.Read(folder, _cancellation))
            {
                string path = RemotePath.Join(folder, entry.Key);
                if (entry.Value.IsDirectory) folders.Add(path);
                else others.Add(path); // files, links (never followed), sockets, FIFOs
            }
            foreach (var path in others)
            {
                _cancellation.ThrowIfCancellationRequested();
                _directory.Remove(path);
            }
            foreach (var path in folders) RemoveTree(path);
            _directory.RemoveDirectory(folder);
        }
    }
}
