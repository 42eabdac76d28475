using System;
using RescaleSsh.Connections;
using RescaleSsh.Transfers;
using Renci.SshNet.Common;
using Renci.SshNet.Sftp;

namespace RescaleSsh.Items
{
    /// <summary>Turns a device path and its attributes into the <see cref="RemoteItem"/> the item cmdlets write.</summary>
    internal sealed class ItemDescriber
    {
        private readonly Device _device;
        private readonly Session _session;
        private readonly SftpPathRequests _directory;

        public ItemDescriber(Device device, Session session, SftpPathRequests directory)
        {
            _device = device;
            _session = session;
            _directory = directory;
        }

        /// <summary>The item at an absolute <paramref name="path"/>, named relative to itself; null when nothing is there.</summary>
        public RemoteItem Describe(string path)
        {
            SftpFileAttributes own;
            try
            {
                own = _directory.LStat(path);
            }
            catch (SftpPathNotFoundException)
            {
                return null;
            }
            string leaf = RemotePath.GetLeaf(path);
            return Item(path, leaf, leaf, own, own.IsSymbolicLink ? TryStat(path) : own);
        }

        /// <param name="own">The path's own attributes (lstat).</param>
        /// <param name="followed">What a link leads to (null when nowhere); the same as <paramref name="own"/> for anything else.</param>
        public RemoteItem Item(string path, string name, string relative, SftpFileAttributes own, SftpFileAttributes followed) => new RemoteItem
        {
            Name = name,
            FullName = path,
            Directory = RemotePath.GetParent(path),
            RelativePath = relative,
            Length = own.Size,
            LastWriteTimeUtc = own.LastWriteTimeUtc,
            Mode = UnixModeText.Of(own),
            OwnerId = own.UserId,
            GroupId = own.GroupId,
            IsDirectory = followed != null && followed.IsDirectory,
            IsSymlink = own.IsSymbolicLink,
            LinkTarget = own.IsSymbolicLink && followed != null ? TryRealPath(path) : null,
            ComputerName = _device.ComputerName,
            UserName = _device.UserName,
            Port = _device.Port,
            Session = _session,
        };

        /// <summary>What <paramref name="path"/> leads to; null for a dangling or unreadable link.</summary>
        public SftpFileAttributes TryStat(string path)
        {
            try
            {
                return _directory.Stat(path);
            }
            catch (Exception ex) when (ex is SftpPathNotFoundException || ex is SftpPermissionDeniedException)
            {
                return null;
            }
        }

        private string TryRealPath(string path)
        {
            try
            {
                return _directory.RealPath(path);
            }
            catch (SshException ex) when (!(ex is SshConnectionException))
            {
                return null;
            }
        }
    }
}
