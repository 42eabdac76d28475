using System;
using System.Threading;
using RescaleSsh.Connections;
using RescaleSsh.Transfers;
using Renci.SshNet.Common;

namespace RescaleSsh.Items
{
    /// <summary>
    /// Rename-RescaleItem and Move-RescaleItem on one device. Without -Force an existing target is refused, and the
    /// refusal is the device's own (plain SFTP rename fails when the target exists, so nothing is lost to a race);
    /// with -Force the target is replaced atomically by posix-rename@openssh.com.
    /// </summary>
    internal sealed class ItemMover
    {
        private readonly DeviceConnection _connection;
        private readonly IOperationHost _host;
        private readonly SftpPathRequests _directory;
        private readonly ItemDescriber _describe;

        public ItemMover(DeviceConnection connection, Session session, IOperationHost host)
        {
            _connection = connection;
            _host = host;
            _directory = new SftpPathRequests(connection.Sftp, connection.Hooks);
            _describe = new ItemDescriber(connection.Device, session, _directory);
        }

        private string Home => _connection.Sftp.WorkingDirectory;

        /// <summary>Renames <paramref name="path"/> to <paramref name="newName"/> in the same folder.</summary>
        public void Rename(string path, string newName, bool force, bool passThru)
        {
            if (!ItemErrors.IsPlainName(newName)) throw ItemErrors.InvalidName(newName, "NewName");
            string from = DevicePaths.Absolute(Home, path);
            Move(from, RemotePath.Join(RemotePath.GetParent(from), newName), force, passThru, "Rename Item");
        }

        /// <summary>Moves each of <paramref name="sources"/> (absolute paths) into the folder <paramref name="destination"/>, or to that name when it is no folder.</summary>
        public void MoveTo(string source, string destination, bool several, bool force, bool passThru, CancellationToken cancellation)
        {
            cancellation.ThrowIfCancellationRequested();
            string to = DevicePaths.Absolute(Home, destination);
            var target = _describe.TryStat(to);
            if (target != null && target.IsDirectory) to = RemotePath.Join(to, RemotePath.GetLeaf(source));
            else if (several)
            {
                throw new RescaleSshException("DestinationNotAFolder", FailureCategory.InvalidArgument,
                    $"Several items cannot be moved to '{ItemErrors.Display(_connection.Device, to)}': it is not a folder. Name an existing folder as -Destination.",
                    ItemErrors.Display(_connection.Device, to));
            }
            Move(source, to, force, passThru, "Move Item");
        }

        private void Move(string from, string to, bool force, bool passThru, string action)
        {
            var device = _connection.Device;
            try
            {
                if (_describe.Describe(from) == null) throw ItemErrors.NotFound(device, from);
                if (from == to) return;
                bool exists = _describe.Describe(to) != null;
                if (exists && !force) throw ItemErrors.Exists(device, to, "Use -Force to replace it, or choose another name.");
                if (!_host.ShouldProcess($"Item: {ItemErrors.Display(device, from)} Destination: {ItemErrors.Display(device, to)}", action)) return;
                if (force) _directory.PosixRename(from, to);
                else _directory.Rename(from, to);
                if (passThru) _host.WriteObject(_describe.Describe(to));
            }
            catch (Exception ex) when (!(ex is OperationCanceledException) && !(ex is RescaleSshException))
            {
                var failure = !force && ex is SshException && !(ex is SshConnectionException) && !(ex is SftpPermissionDeniedException) && !(ex is SftpPathNotFoundException) && _describe.Describe(to) != null
                    ? ItemErrors.Exists(device, to, "Use -Force to replace it, or choose another name.")
                    : ItemErrors.Failed(ex, device, from, action == "Move Item" ? "move" : "rename");
                throw failure;
            }
        }
    }
}
