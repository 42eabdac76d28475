using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using Renci.SshNet;
using Renci.SshNet.Common;
using Renci.SshNet.Sftp;
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
    ///     create it; the others retry with a growing, jittered delay for at most <see cref="LockTimeout"/>.
    ///  2. Under the lock, read the current file (not the copy read before locking: another writer may have
    ///     changed it since), apply the change to its bytes (AuthorizedKeysFile keeps every other byte), and
    ///     write the result to a temporary file with a unique name in the same folder, mode 0600.
    ///  3. posix-rename@openssh.com the temporary file over authorized_keys: rename(2) replaces the name
    ///     atomically, so sshd and readers see either the old or the new complete file, never a mix. (A plain
    ///     SFTP rename fails when the target exists; append would expose partial lines and cannot remove.)
    ///  4. Release: delete the lock if it still holds our token.
    /// A writer that dies (cut connection, killed process) leaves its lock behind. A lock whose mtime is older
    /// than <see cref="StaleLockAge"/> on the device's own clock is stale and is broken. Breakers take turns through
    /// a second exclusive-create file, <c>authorized_keys.rescalessh.lock.break</c>: only its holder looks at the lock
    /// again and deletes it if it is still stale. Writers create the lock only where none exists and only breakers
    /// delete a stale one, so a live writer's lock is never taken away. (Renaming the lock aside and back, as an
    /// earlier version did, could move a live lock that had replaced the stale one meanwhile, and delete it when a
    /// third writer locked in the gap: two writers then held the lock and one's key was lost.) The device's clock is
    /// read from the mtime of a file we create there, so clock skew between client and device does not matter. A
    /// writer that breaks a stale lock also deletes the dead writer's leftover temporary files once they are older
    /// than the stale age. A writer that itself held the lock for more than half the stale age (a stalled link,
    /// a suspended laptop) checks that the lock still carries its token before renaming, and otherwise gives up
    /// with nothing changed, since another writer may have broken the lock and changed the file meanwhile.
    /// Writers outside this module (ssh-copy-id, a shell's >>) take no lock; a change they make between our read
    /// under the lock and our rename would be lost, so such tools should not run against the same file at once.
    /// </summary>
    internal sealed class RemoteAuthorizedKeysEditor
    {
        public const string DefaultPath = ".ssh/authorized_keys";
        private const string LockSuffix = ".rescalessh.lock";
        private const string BreakSuffix = ".break";
        private const string TempMarker = ".rescalessh-";
        private const string TempSuffix = ".tmp";

        /// <summary>A lock this old (device clock) belongs to a writer that died; the edit itself takes well under a second.</summary>
        internal static TimeSpan StaleLockAge = TimeSpan.FromSeconds(15);
        /// <summary>How long a writer waits for a live lock before giving up with AuthorizedKeysLocked.</summary>
        internal static TimeSpan LockTimeout = TimeSpan.FromSeconds(60);

        private readonly SftpClient _sftp;
        private readonly Device _device;
        private readonly CancellationToken _cancellation;
        private readonly Random _random = new Random(Guid.NewGuid().GetHashCode());
        private string _probePath;
        private DateTime _probeServerTime;
        private Stopwatch _sinceProbe;
        private Stopwatch _held = new Stopwatch();
        private bool _brokeStaleLock;

        public RemoteAuthorizedKeysEditor(SftpClient sftp, Device device, string path, CancellationToken cancellation)
        {
            _sftp = sftp;
            _device = device;
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
            LockPath = FullPath + LockSuffix;
        }

        /// <summary>The path as the user gave it (default <c>.ssh/authorized_keys</c>), for results and messages.</summary>
        public string DisplayPath { get; }
        public string FullPath { get; }
        public string Folder { get; }
        public string FileName { get; }
        public string LockPath { get; }

        /// <summary>The file as it is now, without locking: for reading, -WhatIf and the nothing-to-do fast path.</summary>
        public AuthorizedKeysSnapshot Read()
        {
            return Guard("read", () =>
            {
                var folder = TryStat(Folder);
                if (folder != null && !folder.IsDirectory)
                {
                    throw new RescaleSshException("AuthorizedKeysPathInvalid", FailureCategory.InvalidData,
                        $"'{Folder}' on {_device} is not a folder, so '{DisplayPath}' cannot be used.", _device);
                }
                if (folder == null) return new AuthorizedKeysSnapshot(null, null, null);
                var file = TryStat(FullPath);
                if (file == null) return new AuthorizedKeysSnapshot(null, null, Mode(folder));
                if (file.IsDirectory)
                {
                    throw new RescaleSshException("AuthorizedKeysPathInvalid", FailureCategory.InvalidData,
                        $"'{DisplayPath}' on {_device} is a folder, not a file.", _device);
                }
                byte[] bytes = TryReadAll(FullPath);
                return new AuthorizedKeysSnapshot(bytes, bytes == null ? (int?)null : Mode(file), Mode(folder));
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
                if (seen?.FolderMode == null || IsLoose(seen.FolderMode.Value)) EnsureFolder();
                string token = null;
                string temp = null;
                bool renamed = false;
                try
                {
                    token = AcquireLock();
                    var stat = TryStat(FullPath);
                    byte[] bytes = stat == null ? null : TryReadAll(FullPath);
                    var model = AuthorizedKeysFile.Parse(bytes);
                    if (!change(model))
                    {
                        if (bytes != null && IsLoose(Mode(stat))) SetMode(FullPath, UnixPermissions.OwnerOnlyFile);
                        return true;
                    }
                    int mode = bytes == null || IsLoose(Mode(stat)) ? UnixPermissions.OwnerOnlyFile : Mode(stat) & 0x1FF;
                    temp = NewTempName();
                    if (!TryCreateExclusive(temp, model.ToBytes()))
                    {
                        throw new RescaleSshException("AuthorizedKeysWriteFailed", FailureCategory.WriteError,
                            $"Cannot create a temporary file beside '{DisplayPath}' on {_device}.", _device);
                    }
                    SetMode(temp, mode);
                    _cancellation.ThrowIfCancellationRequested();
                    if (_held.Elapsed >= HalfStaleAge && !StillHeld(token))
                    {
                        throw new RescaleSshException("AuthorizedKeysLocked", FailureCategory.ResourceBusy,
                            $"Editing '{DisplayPath}' on {_device} took so long that another writer took over its lock; nothing was changed. Run the command again.", _device);
                    }
                    _sftp.RenameFile(temp, FullPath, true);
                    renamed = true;
                    if (_brokeStaleLock) DeleteLeftovers();
                    return true;
                }
                finally
                {
                    if (!renamed && temp != null) TryDelete(temp);
                    if (_probePath != null) TryDelete(_probePath);
                    _probePath = null;
                    if (token != null) ReleaseLock(token);
                }
            });
        }

        /// <summary>chmod 0700 / 0600 where group or others have any access (sshd's StrictModes ignores the file otherwise).</summary>
        public void TightenModes(AuthorizedKeysSnapshot snapshot)
        {
            Guard("update", () =>
            {
                if (snapshot.FolderMode.HasValue && IsLoose(snapshot.FolderMode.Value)) SetMode(Folder, UnixPermissions.OwnerOnlyFolder);
                if (snapshot.FileMode.HasValue && IsLoose(snapshot.FileMode.Value)) SetMode(FullPath, UnixPermissions.OwnerOnlyFile);
                return true;
            });
        }

        internal static bool IsLoose(int mode) => (mode & 0x3F) != 0; // any of 0077

        private void EnsureFolder()
        {
            var folder = TryStat(Folder);
            if (folder == null)
            {
                try
                {
                    _sftp.CreateDirectory(Folder);
                }
                catch (SshException ex) when (!(ex is SshConnectionException) && !(ex is SftpPermissionDeniedException))
                {
                    // Another writer created it meanwhile: fine when it now exists.
                    if (TryStat(Folder) == null) throw;
                }
                SetMode(Folder, UnixPermissions.OwnerOnlyFolder);
            }
            else if (!folder.IsDirectory)
            {
                throw new RescaleSshException("AuthorizedKeysPathInvalid", FailureCategory.InvalidData,
                    $"'{Folder}' on {_device} is not a folder, so '{DisplayPath}' cannot be used.", _device);
            }
            else if (IsLoose(Mode(folder)))
            {
                SetMode(Folder, UnixPermissions.OwnerOnlyFolder);
            }
        }

        private string AcquireLock()
        {
            string token = Guid.NewGuid().ToString("N");
            byte[] content = Encoding.UTF8.GetBytes($"rescalessh {token} {Environment.MachineName} {Process.GetCurrentProcess().Id} {DateTime.UtcNow:o}\n");
            var waited = Stopwatch.StartNew();
            int attempt = 0, vanished = 0, broken = 0;
            while (true)
            {
                _cancellation.ThrowIfCancellationRequested();
                if (TryCreateExclusive(LockPath, content))
                {
                    _held = Stopwatch.StartNew();
                    return token;
                }
                var held = TryStat(LockPath);
                if (held == null)
                {
                    // The create failed although no lock exists: released meanwhile (retry at once), or, when it keeps
                    // happening, the device cannot create files there (full or read-only disk).
                    if (++vanished > 20)
                    {
                        throw new RescaleSshException("AuthorizedKeysWriteFailed", FailureCategory.WriteError,
                            $"{_device} cannot create files beside '{DisplayPath}' (is its disk full or read-only?).", _device);
                    }
                    if (vanished < 3) continue;
                }
                else if (ServerNow() - held.LastWriteTimeUtc > StaleLockAge)
                {
                    vanished = 0;
                    // False while another writer is breaking it: then wait as for a live lock.
                    if (BreakStaleLock())
                    {
                        _brokeStaleLock = true;
                        if (++broken > 5)
                        {
                            throw new RescaleSshException("AuthorizedKeysWriteFailed", FailureCategory.WriteError,
                                $"{_device} keeps a stale lock '{LockPath}' that cannot be removed. Delete it on the device and try again.", _device);
                        }
                        continue;
                    }
                }
                else
                {
                    vanished = 0;
                }
                if (waited.Elapsed > LockTimeout)
                {
                    throw new RescaleSshException("AuthorizedKeysLocked", FailureCategory.ResourceBusy,
                        $"'{DisplayPath}' on {_device} stayed locked by another writer for {LockTimeout.TotalSeconds:0} s. Try again; if no one else is editing it, delete '{LockPath}' on the device.",
                        _device);
                }
                int delay = Math.Min(250, 10 << Math.Min(attempt++, 5));
                _cancellation.WaitHandle.WaitOne(delay / 2 + _random.Next(delay));
            }
        }

        private bool TryCreateExclusive(string path, byte[] content)
        {
            SftpFileStream stream;
            try
            {
                stream = _sftp.Open(path, FileMode.CreateNew, FileAccess.Write);
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

        /// <summary>
        /// Deletes the lock if it is (still) stale, holding the break marker so that no other breaker acts at the same
        /// time. False when another writer holds the marker (it is breaking the lock right now); a marker left by a
        /// breaker that died is deleted once it is stale itself.
        /// </summary>
        private bool BreakStaleLock()
        {
            string marker = LockPath + BreakSuffix;
            if (!TryCreateExclusive(marker, Encoding.UTF8.GetBytes("rescalessh break\n")))
            {
                var other = TryStat(marker);
                if (other == null) return false; // that breaker just finished: look at the lock again after a short wait
                if (ServerNow() - other.LastWriteTimeUtc <= StaleLockAge) return false;
                TryDelete(marker);
                return true;
            }
            try
            {
                var held = TryStat(LockPath);
                if (held != null && ServerNow() - held.LastWriteTimeUtc > StaleLockAge)
                {
                    try
                    {
                        _sftp.DeleteFile(LockPath);
                    }
                    catch (SftpPathNotFoundException)
                    {
                    }
                }
                return true;
            }
            finally
            {
                TryDelete(marker);
            }
        }

        private TimeSpan HalfStaleAge => TimeSpan.FromTicks(StaleLockAge.Ticks / 2);

        /// <summary>True when the lock file still carries <paramref name="token"/> (it was not broken as stale meanwhile).</summary>
        private bool StillHeld(string token)
        {
            byte[] held = TryReadAll(LockPath);
            return held != null && Encoding.UTF8.GetString(held).Contains(token);
        }

        private void ReleaseLock(string token)
        {
            try
            {
                // Only a lock held longer than the stale age can have been broken and taken by another writer;
                // a short hold (the usual case) is surely still ours and is deleted without reading it back.
                if (_held.Elapsed < HalfStaleAge || StillHeld(token)) _sftp.DeleteFile(LockPath);
            }
            catch (SftpPathNotFoundException)
            {
                // Gone already: nothing to release.
            }
        }

        private string NewTempName() => Folder.TrimEnd('/') + "/" + FileName + TempMarker + Guid.NewGuid().ToString("N") + TempSuffix;

        /// <summary>
        /// The device's clock, needed only while waiting for a lock: the mtime of a small probe file we create there,
        /// plus the time elapsed here since, so that clock skew between this computer and the device does not matter.
        /// </summary>
        private DateTime ServerNow()
        {
            if (_probePath == null)
            {
                string path = NewTempName();
                if (!TryCreateExclusive(path, Array.Empty<byte>()))
                {
                    throw new RescaleSshException("AuthorizedKeysWriteFailed", FailureCategory.WriteError,
                        $"Cannot create a temporary file beside '{DisplayPath}' on {_device}.", _device);
                }
                _probePath = path;
                _sinceProbe = Stopwatch.StartNew();
                _probeServerTime = _sftp.GetAttributes(path).LastWriteTimeUtc;
            }
            return _probeServerTime + _sinceProbe.Elapsed;
        }

        /// <summary>After breaking a dead writer's lock: deletes its temporary files (and set-aside locks or break markers) older than the stale age.</summary>
        private void DeleteLeftovers()
        {
            DateTime now = ServerNow();
            string prefix = FileName + TempMarker;
            foreach (var entry in _sftp.ListDirectory(Folder))
            {
                bool leftover = (entry.Name.StartsWith(prefix, StringComparison.Ordinal) && entry.Name.EndsWith(TempSuffix, StringComparison.Ordinal)) ||
                                (entry.Name.StartsWith(FileName + LockSuffix + ".", StringComparison.Ordinal) && entry.Name.EndsWith(".stale", StringComparison.Ordinal)) ||
                                entry.Name == FileName + LockSuffix + BreakSuffix;
                if (leftover && entry.IsRegularFile && entry.FullName != _probePath && now - entry.LastWriteTimeUtc > StaleLockAge) TryDelete(entry.FullName);
            }
        }

        private void SetMode(string path, int mode)
        {
            short octalDigits = (short)(((mode >> 6) & 7) * 100 + ((mode >> 3) & 7) * 10 + (mode & 7));
            _sftp.ChangePermissions(path, octalDigits);
        }

        private SftpFileAttributes TryStat(string path)
        {
            try
            {
                return _sftp.GetAttributes(path);
            }
            catch (SftpPathNotFoundException)
            {
                return null;
            }
        }

        private byte[] TryReadAll(string path)
        {
            try
            {
                return _sftp.ReadAllBytes(path);
            }
            catch (SftpPathNotFoundException)
            {
                return null;
            }
        }

        private void TryDelete(string path)
        {
            try
            {
                _sftp.DeleteFile(path);
            }
            catch (Exception ex) when (ex is SshException || ex is ObjectDisposedException || ex is SocketException || ex is InvalidOperationException)
            {
                // Best effort: the next writer deletes leftovers.
            }
        }

        internal static int Mode(SftpFileAttributes a)
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

        /// <summary>Turns SSH.NET and socket failures into errors naming the device and the file.</summary>
        private T Guard<T>(string what, Func<T> action)
        {
            try
            {
                return action();
            }
            catch (RescaleSshException)
            {
                throw;
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (SftpPermissionDeniedException ex)
            {
                throw new RescaleSshException("AuthorizedKeysAccessDenied", FailureCategory.PermissionDenied,
                    $"{_device} denied access while trying to {what} '{DisplayPath}' ({ex.Message}). Check that the account owns its ~/.ssh folder.", _device, ex);
            }
            catch (Exception ex) when (ex is SshConnectionException || ex is ObjectDisposedException || ex is SocketException || ex is IOException)
            {
                throw new RescaleSshException("ConnectionLost", FailureCategory.ConnectionError,
                    $"The connection to {_device} broke while trying to {what} '{DisplayPath}'. The file is either unchanged or completely updated; run the command again.", _device, ex);
            }
            catch (SshException ex)
            {
                throw new RescaleSshException(what == "read" ? "AuthorizedKeysReadFailed" : "AuthorizedKeysWriteFailed",
                    what == "read" ? FailureCategory.ReadError : FailureCategory.WriteError,
                    $"{_device} failed to {what} '{DisplayPath}': {ex.Message}", _device, ex);
            }
        }
    }
}
