using System;
using System.Collections.Generic;
using System.Threading;
using Renci.SshNet;
using Renci.SshNet.Common;
using Renci.SshNet.Sftp;
using RescaleSsh.Transfers;

namespace RescaleSsh.Items
{
    /// <summary>
    /// SFTP requests on paths exactly as given, for the item cmdlets, over Transfers' <see cref="SftpRequests"/> (SSH.NET's
    /// own SFTP session, reached by reflection on the pinned version). SftpClient's public DeleteFile, RenameFile,
    /// CreateDirectory ... first resolve the path with SSH_FXP_REALPATH, which follows links: removing a link that way
    /// removes its target. Here nothing is resolved (callers pass absolute paths). SftpClient.ListDirectory also
    /// collects a whole folder before it returns; here a folder is read one SSH_FXP_READDIR answer at a time (OpenSSH
    /// sends up to 100 names per answer, with lstat attributes), so a 200k-entry folder is never held. When the
    /// internals are not found (another SSH.NET) listing falls back to the public calls (whole folders, stat for
    /// lstat) and every change is refused rather than risk following a link.
    /// </summary>
    internal sealed class SftpPathRequests
    {
        private readonly SftpClient _sftp;
        private readonly SftpRequests _raw;

        public SftpPathRequests(SftpClient sftp, EngineHooks hooks)
        {
            _sftp = sftp;
            _raw = hooks.PublicApiOnly ? null : SftpRequests.Exact(sftp);
        }

        /// <summary>The entries of <paramref name="folder"/> ("." and ".." left out), one READDIR answer at a time.</summary>
        public IEnumerable<KeyValuePair<string, SftpFileAttributes>> Read(string folder, CancellationToken cancellation)
        {
            if (_raw == null)
            {
                foreach (var file in _sftp.ListDirectory(folder))
                {
                    cancellation.ThrowIfCancellationRequested();
                    if (file.Name != "." && file.Name != "..") yield return new KeyValuePair<string, SftpFileAttributes>(file.Name, file.Attributes);
                }
                yield break;
            }
            var handle = _raw.OpenDirectory(folder);
            try
            {
                while (true)
                {
                    cancellation.ThrowIfCancellationRequested();
                    var batch = _raw.ReadDirectory(handle);
                    if (batch == null) yield break;
                    foreach (var entry in batch)
                    {
                        if (entry.Key != "." && entry.Key != "..") yield return entry;
                    }
                }
            }
            finally
            {
                try { _raw.Close(handle); } catch (Exception ex) when (!(ex is OutOfMemoryException)) { /* the link broke: the read already failed */ }
            }
        }

        /// <summary>The attributes of <paramref name="path"/> itself (a link is not followed); a missing path throws SftpPathNotFoundException.</summary>
        public SftpFileAttributes LStat(string path) =>
            _raw == null ? _sftp.GetAttributes(path) : _raw.LStat(path) ?? throw new SftpPathNotFoundException($"No such file: {path}");

        /// <summary>The attributes of what <paramref name="path"/> leads to (links followed).</summary>
        public SftpFileAttributes Stat(string path) => _sftp.GetAttributes(path);

        /// <summary>The device's canonical absolute path (SSH_FXP_REALPATH: links resolved).</summary>
        public string RealPath(string path) => _raw == null ? _sftp.Get(path).FullName : _raw.RealPath(path);

        public void Remove(string path) => Required().Remove(path);

        public void RemoveDirectory(string path) => Required().RemoveDirectory(path);

        public void CreateDirectory(string path) => Required().CreateDirectory(path);

        /// <summary>SSH_FXP_RENAME: OpenSSH refuses it when <paramref name="to"/> exists.</summary>
        public void Rename(string from, string to) => Required().Rename(from, to);

        /// <summary>posix-rename@openssh.com: replaces <paramref name="to"/> atomically.</summary>
        public void PosixRename(string from, string to) => Required().PosixRename(from, to);

        /// <summary>Changes go only through requests that send the path as given; without them nothing is changed.</summary>
        private SftpRequests Required() =>
            _raw ?? throw new RescaleSshException("RawRequestsUnavailable", FailureCategory.NotImplemented,
                "This SSH.NET lacks the requests that change an item without following links; nothing was changed. Reinstall the module.");
    }
}
