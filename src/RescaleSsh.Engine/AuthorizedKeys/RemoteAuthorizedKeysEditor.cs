using System;
using System.Threading;
using Renci.SshNet;
using Renci.SshNet.Common;
using RescaleSsh.Connections;
using RescaleSsh.Platform;

namespace RescaleSsh.AuthorizedKeys
{
    /// <summary>
    /// Reads and edits a device's authorized_keys over SFTP so that the file is never seen half-written and
    /// concurrent writers (this module on other machines or runspaces) never lose each other's keys.
    ///
    /// Design. Every change is read-modify-write under a lock, and the write is a whole new file renamed over
    /// the old one:
    ///  1. Lock: create <c>authorized_keys.rescalessh.lock</c> beside the file with exclusive create
    ///     (SSH_FXF_CREAT|SSH_FXF_EXCL, FileMode.CreateNew), holding a random token. Exactly one writer can
    ///     create it; the others retry with a growing, jittered delay for at most <see cref="EngineHooks.LockTimeout"/>.
    ///  2. Under the lock, read the current file (not the copy read before locking: another writer may have
    ///     changed it since), apply the change to its bytes (AuthorizedKeysFile keeps every other byte), and
    ///     write the result to a temporary file with a unique name in the same folder, mode 0600.
    ///  3. posix-rename@openssh.com the temporary file over authorized_keys: rename(2) replaces the name
    ///     atomically, so sshd and readers see either the old or the new complete file, never a mix. (A plain
    ///     SFTP rename fails when the target exists; append would expose partial lines and cannot remove.)
    ///  4. Release: delete the lock if it still holds our token.
    /// A writer that dies (cut connection, killed process) leaves its lock behind. A lock whose mtime is older
    /// than <see cref="EngineHooks.StaleLockAge"/> on the device's own clock is stale and is broken. Breakers take turns through
    /// a second exclusive-create file, <c>authorized_keys.rescalessh.lock.break</c>: only its holder looks at the lock
    /// again and deletes it if it is still stale. Writers create the lock only where none exists and only breakers
    /// delete a stale one, so a live writer's lock is never taken away. (Renaming the lock aside and back, as an
    /// earlier version did, could move a live lock that had replaced the stale one meanwhile, and delete it when a
    /// third writer locked in the gap: two writers then held the lock and one's key was lost.) The device's clock is
    /// read from the mtime of a file we create there, so clock skew between client and device does not matter. A
    /// writer that breaks a stale lock also deletes the dead writer's leftover temporary files once they are older
    /// than the stale age. The lock itself is <see cref="AuthorizedKeysLock"/>. A writer that itself held the lock for more than half the stale age (a stalled link,
    /// a suspended laptop) checks that the lock still carries its token before renaming, and otherwise gives up
    /// with nothing changed, since another writer may have broken the lock and changed the file meanwhile.
    /// Writers outside this module (ssh-copy-id, a shell's >>) take no lock; a change they make between our read
    /// under the lock and our rename would be lost, so such tools should not run against the same file at once.
    /// </summary>
    internal sealed class RemoteAuthorizedKeysEditor
    {
        public const string DefaultPath = ".ssh/authorized_keys";
        private const string LockSuffix = ".rescalessh.lock";
        private const string TempMarker = ".rescalessh-";
        private const string TempSuffix = ".tmp";

        private readonly SftpClient _sftp;
        private readonly Device _device;
        private readonly EngineHooks _hooks;
        private readonly CancellationToken _cancellation;

        public RemoteAuthorizedKeysEditor(SftpClient sftp, Device device, string path, EngineHooks hooks, CancellationToken cancellation)
        {
            _sftp = sftp;
            _device = device;
            _hooks = hooks;
            _cancellation = cancellation;
            DisplayPath = string.IsNullOrWhiteSpace(path) ? DefaultPath : path.Trim();
            string p = DisplayPath;
            if (p == "~") p = ".";
            else if (p.StartsWith("~/", StringComparison.Ordinal)) p = p.Substring(2);
            if (!p.StartsWith("/", StringComparison.Ordinal))
            {
                string home = (sftp.WorkingDirectory ?? ".").TrimEnd('/');
                p = home + "/" + p;
            }
            FullPath = p;
            int slash = p.LastIndexOf('/');
            Folder = slash <= 0 ? "/" : p.Substring(0, slash);
            FileName = p.Substring(slash + 1);
            if (FileName.Length == 0 || FileName == "." || FileName == "..")
            {
                throw new RescaleSshException("AuthorizedKeysPathInvalid", FailureCategory.InvalidArgument,
                    $"'{DisplayPath}' does not name a file. Pass -AuthorizedKeysPath as a file path such as .ssh/authorized_keys.", device);
            }
        }

        /// <summary>Receives a sentence for -Verbose for each change made on the device (folder created, mode set, file replaced).</summary>
        public Action<string> Narrate { get; set; }

        /// <summary>The path as the user gave it (default <c>.ssh/authorized_keys</c>), for results and messages.</summary>
        public string DisplayPath { get; }
        public string FullPath { get; }
        public string Folder { get; }
        public string FileName { get; }

        /// <summary>The file as it is now, without locking: for reading, -WhatIf and the nothing-to-do fast path.</summary>
        public AuthorizedKeysSnapshot Read()
        {
            return Guard("read", () =>
            {
                var folder = RemoteFiles.TryStat(_sftp, Folder);
                if (folder != null && !folder.IsDirectory) throw FolderInvalid();
                if (folder == null) return new AuthorizedKeysSnapshot(null, null, null);
                var file = RemoteFiles.TryStat(_sftp, FullPath);
                if (file == null) return new AuthorizedKeysSnapshot(null, null, RemoteFiles.Mode(folder));
                if (file.IsDirectory)
                {
                    throw new RescaleSshException("AuthorizedKeysPathInvalid", FailureCategory.InvalidData,
                        $"'{DisplayPath}' on {_device} is a folder, not a file.", _device);
                }
                byte[] bytes = TryReadBounded(file);
                return new AuthorizedKeysSnapshot(bytes, bytes == null ? (int?)null : RemoteFiles.Mode(file), RemoteFiles.Mode(folder));
            });
        }

        /// <summary>
        /// Applies <paramref name="change"/> under the lock to the file as it is then (empty when missing); writes
        /// a new file only when the change reports it changed something. Creates the folder (0700) when missing and
        /// tightens a folder or file mode that lets group or others in.
        /// </summary>
        public void Update(Func<AuthorizedKeysFile, bool> change, AuthorizedKeysSnapshot seen = null)
        {
            Guard("update", () =>
            {
                // The folder seen a moment ago with owner-only modes needs no second look.
                if (seen?.FolderMode == null || RemoteFiles.IsLoose(seen.FolderMode.Value)) EnsureFolder();
                using (var held = new AuthorizedKeysLock(_sftp, _device, DisplayPath, FullPath + LockSuffix, NewTempName, _hooks, _cancellation))
                {
                    held.Acquire();
                    var stat = RemoteFiles.TryStat(_sftp, FullPath);
                    byte[] bytes = stat == null ? null : TryReadBounded(stat);
                    var model = AuthorizedKeysFile.Parse(bytes);
                    if (!change(model))
                    {
                        if (bytes != null && RemoteFiles.IsLoose(RemoteFiles.Mode(stat))) SetMode(FullPath, UnixPermissions.OwnerOnlyFile, RemoteFiles.Mode(stat));
                        return true;
                    }
                    int mode = bytes == null || RemoteFiles.IsLoose(RemoteFiles.Mode(stat)) ? UnixPermissions.OwnerOnlyFile : RemoteFiles.Mode(stat) & 0x1FF;
                    byte[] content = model.ToBytes();
                    ReplaceFile(content, mode, held);
                    Narrate?.Invoke($"{(bytes == null ? "created" : "replaced")} {DisplayPath} ({content.Length} bytes, mode {Octal(mode)}) in one rename.");
                    if (held.BrokeStaleLock) DeleteLeftovers(held);
                    return true;
                }
            });
        }

        /// <summary>The file's bytes, refusing one over <see cref="AuthorizedKeysFile.MaxBytes"/> before reading it; null when it vanished meanwhile.</summary>
        private byte[] TryReadBounded(Renci.SshNet.Sftp.SftpFileAttributes attributes)
        {
            string where = $"'{DisplayPath}' on {_device}";
            if (attributes.Size > AuthorizedKeysFile.MaxBytes) throw AuthorizedKeysFile.TooLarge(where, _device);
            try
            {
                using (var stream = _sftp.OpenRead(FullPath))
                {
                    return AuthorizedKeysFile.ReadBounded(stream, where, _device);
                }
            }
            catch (SftpPathNotFoundException)
            {
                return null;
            }
        }

        /// <summary>chmod 0700 / 0600 where group or others have any access (sshd's StrictModes ignores the file otherwise).</summary>
        public void TightenModes(AuthorizedKeysSnapshot snapshot)
        {
            Guard("update", () =>
            {
                if (snapshot.FolderMode.HasValue && RemoteFiles.IsLoose(snapshot.FolderMode.Value)) SetMode(Folder, UnixPermissions.OwnerOnlyFolder, snapshot.FolderMode.Value);
                if (snapshot.FileMode.HasValue && RemoteFiles.IsLoose(snapshot.FileMode.Value)) SetMode(FullPath, UnixPermissions.OwnerOnlyFile, snapshot.FileMode.Value);
                return true;
            });
        }

        /// <summary>Writes a complete new file under a unique temporary name, then renames it over the old one.</summary>
        private void ReplaceFile(byte[] content, int mode, AuthorizedKeysLock held)
        {
            string temp = NewTempName();
            bool renamed = false;
            try
            {
                if (!RemoteFiles.TryCreateExclusive(_sftp, temp, content))
                {
                    throw new RescaleSshException("AuthorizedKeysWriteFailed", FailureCategory.WriteError,
                        $"Cannot create a temporary file beside '{DisplayPath}' on {_device}.", _device);
                }
                RemoteFiles.SetMode(_sftp, temp, mode);
                _cancellation.ThrowIfCancellationRequested();
                held.EnsureStillHeld();
                _sftp.RenameFile(temp, FullPath, true);
                renamed = true;
            }
            finally
            {
                if (!renamed) RemoteFiles.TryDelete(_sftp, temp);
            }
        }

        private void EnsureFolder()
        {
            var folder = RemoteFiles.TryStat(_sftp, Folder);
            if (folder == null)
            {
                try
                {
                    _sftp.CreateDirectory(Folder);
                }
                catch (SshException ex) when (!(ex is SshConnectionException) && !(ex is SftpPermissionDeniedException))
                {
                    // Another writer created it meanwhile: fine when it now exists.
                    if (RemoteFiles.TryStat(_sftp, Folder) == null) throw;
                }
                RemoteFiles.SetMode(_sftp, Folder, UnixPermissions.OwnerOnlyFolder);
                Narrate?.Invoke($"created the folder {DisplayText.Visible(Folder)} (mode 0700).");
            }
            else if (!folder.IsDirectory)
            {
                throw FolderInvalid();
            }
            else if (RemoteFiles.IsLoose(RemoteFiles.Mode(folder)))
            {
                SetMode(Folder, UnixPermissions.OwnerOnlyFolder, RemoteFiles.Mode(folder));
            }
        }

        /// <summary>chmod, said in -Verbose with the mode it replaces (sshd's StrictModes ignores files group or others can reach).</summary>
        private void SetMode(string path, int mode, int was)
        {
            RemoteFiles.SetMode(_sftp, path, mode);
            Narrate?.Invoke($"set mode {Octal(mode)} on {DisplayText.Visible(path)} (was {Octal(was)}; sshd ignores keys that others can change).");
        }

        private static string Octal(int mode) => "0" + Convert.ToString(mode & 0x1FF, 8).PadLeft(3, '0');

        private RescaleSshException FolderInvalid() =>
            new RescaleSshException("AuthorizedKeysPathInvalid", FailureCategory.InvalidData,
                $"'{Folder}' on {_device} is not a folder, so '{DisplayPath}' cannot be used.", _device);

        private string NewTempName() => Folder.TrimEnd('/') + "/" + FileName + TempMarker + Guid.NewGuid().ToString("N") + TempSuffix;

        /// <summary>After breaking a dead writer's lock: deletes its temporary files and break marker once older than the stale age.</summary>
        private void DeleteLeftovers(AuthorizedKeysLock held)
        {
            DateTime now = held.DeviceNow();
            string prefix = FileName + TempMarker;
            foreach (var entry in _sftp.ListDirectory(Folder))
            {
                bool leftover = (entry.Name.StartsWith(prefix, StringComparison.Ordinal) && entry.Name.EndsWith(TempSuffix, StringComparison.Ordinal)) ||
                                entry.Name == FileName + LockSuffix + ".break";
                if (leftover && entry.IsRegularFile && entry.FullName != held.ProbePath && now - entry.LastWriteTimeUtc > held.StaleAge)
                {
                    RemoteFiles.TryDelete(_sftp, entry.FullName);
                }
            }
        }

        /// <summary>Turns SSH.NET and socket failures into errors naming the device and the file.</summary>
        private T Guard<T>(string what, Func<T> action)
        {
            try
            {
                return action();
            }
            catch (Exception ex) when (!(ex is RescaleSshException) && !(ex is OperationCanceledException))
            {
                throw FailureTranslator.Translate(ex, $"{DisplayPath}' on '{_device}", what, writing: what != "read",
                    afterConnectionLoss: "The file is either unchanged or completely updated; run the command again.", localIsRemote: true, target: _device);
            }
        }
    }
}
