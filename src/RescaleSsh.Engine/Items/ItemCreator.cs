using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using RescaleSsh.Connections;
using RescaleSsh.Transfers;
using Renci.SshNet.Common;

namespace RescaleSsh.Items
{
    /// <summary>
    /// New-RescaleItem on one device: a folder (with -Force: parents too, and an existing folder is fine, as mkdir -p)
    /// or a file, empty or holding a small text. A file's content is written under a temporary name created
    /// exclusively beside it and renamed into place, so the name never shows a half-written file: plain SFTP rename
    /// when nothing may be replaced (it refuses an existing target), posix-rename with -Force.
    /// </summary>
    internal sealed class ItemCreator
    {
        /// <summary>Largest -Value accepted: New-RescaleItem writes small files; Copy-RescaleItem moves data.</summary>
        public const int MaximumValueBytes = 1024 * 1024;

        private readonly DeviceConnection _connection;
        private readonly IOperationHost _host;
        private readonly SftpPathRequests _directory;
        private readonly ItemDescriber _describe;

        public ItemCreator(DeviceConnection connection, Session session, IOperationHost host)
        {
            _connection = connection;
            _host = host;
            _directory = new SftpPathRequests(connection.Sftp, connection.Hooks);
            _describe = new ItemDescriber(connection.Device, session, _directory);
        }

        public static byte[] Encode(string value)
        {
            var bytes = new UTF8Encoding(false).GetBytes(value ?? "");
            if (bytes.Length > MaximumValueBytes)
            {
                throw new RescaleSshException("ValueTooLarge", FailureCategory.LimitsExceeded,
                    string.Format(CultureInfo.InvariantCulture, "-Value holds {0:N0} bytes; New-RescaleItem writes at most {1:N0}. Write the file locally and copy it with Copy-RescaleItem.", bytes.Length, MaximumValueBytes));
            }
            return bytes;
        }

        /// <summary>Creates <paramref name="path"/>; writes the new item, or an error for this path (the others go on).</summary>
        public void Create(string path, bool directory, byte[] content, bool force, CancellationToken cancellation)
        {
            var device = _connection.Device;
            string absolute = DevicePaths.Absolute(_connection.Sftp.WorkingDirectory, path);
            string display = ItemErrors.Display(device, absolute);
            try
            {
                cancellation.ThrowIfCancellationRequested();
                if (!ItemErrors.IsPlainName(RemotePath.GetLeaf(absolute))) throw ItemErrors.InvalidName(RemotePath.GetLeaf(absolute), "Path");
                var existing = _describe.Describe(absolute);
                if (existing != null && !(force && existing.IsDirectory == directory && !existing.IsSymlink))
                {
                    string what = existing.IsSymlink ? "A link has that name; remove it first, or choose another name."
                        : existing.IsDirectory != directory ? $"A {(existing.IsDirectory ? "folder" : "file")} has that name; choose another name."
                        : directory ? "Use -Force to accept the existing folder, or choose another name."
                        : "Use -Force to replace the file, or choose another name.";
                    throw ItemErrors.Exists(device, absolute, what);
                }
                if (!_host.ShouldProcess(display, directory ? "Create Directory" : "Create File")) return;
                if (force) CreateParents(RemotePath.GetParent(absolute));
                if (directory && existing == null) _directory.CreateDirectory(absolute);
                else if (!directory) WriteFile(absolute, content ?? Array.Empty<byte>(), force);
                _host.WriteObject(_describe.Describe(absolute));
            }
            catch (Exception ex) when (!(ex is OperationCanceledException) && !(ex is RescaleSshException))
            {
                var failure = ItemErrors.Failed(ex, device, absolute, directory ? "create the folder" : "create the file");
                if (failure.Category == FailureCategory.ConnectionError) throw failure;
                _host.WriteError(failure, failure.Target);
            }
            catch (RescaleSshException ex) when (ex.Category != FailureCategory.ConnectionError)
            {
                _host.WriteError(ex, ex.Target);
            }
        }

        private void CreateParents(string folder)
        {
            if (folder == "/" || _describe.Describe(folder) != null) return;
            CreateParents(RemotePath.GetParent(folder));
            try
            {
                _directory.CreateDirectory(folder);
            }
            catch (SshException ex) when (!(ex is SshConnectionException) && _describe.TryStat(folder)?.IsDirectory == true)
            {
                // Made meanwhile by someone else: fine.
            }
        }

        private void WriteFile(string path, byte[] content, bool replace)
        {
            var sftp = _connection.Sftp;
            string temporary = RemotePath.Join(RemotePath.GetParent(path), "." + RemotePath.GetLeaf(path) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".rsh-new");
            if (!RemoteFiles.TryCreateExclusive(sftp, temporary, content))
            {
                throw new RescaleSshException("TemporaryNameTaken", FailureCategory.ResourceExists,
                    $"Cannot write '{ItemErrors.Display(_connection.Device, path)}': the temporary name beside it exists. Run the command again.", path);
            }
            try
            {
                if (replace) _directory.PosixRename(temporary, path);
                else _directory.Rename(temporary, path);
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                RemoteFiles.TryDelete(sftp, temporary);
                if (!replace && ex is SshException && !(ex is SshConnectionException) && _describe.Describe(path) != null)
                {
                    throw ItemErrors.Exists(_connection.Device, path, "It appeared while the file was written; use -Force to replace it.");
                }
                throw;
            }
        }
    }
}
