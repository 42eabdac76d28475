using System;
using System.Diagnostics;
using System.Text;
using System.Threading;
using Renci.SshNet;
using Renci.SshNet.Common;
using RescaleSsh.Connections;

namespace RescaleSsh.AuthorizedKeys
{
    /// <summary>
    /// The lock that serialises writers of one authorized_keys file, on the device itself (see
    /// <see cref="RemoteAuthorizedKeysEditor"/> for the whole protocol): <c>authorized_keys.rescalessh.lock</c> created
    /// with exclusive create and holding a random token; a lock older than the stale age on the device's own clock
    /// is broken by one breaker at a time, through the exclusive <c>.break</c> marker; a holder that held it past half
    /// the stale age checks its token before relying on it.
    /// </summary>
    internal sealed class AuthorizedKeysLock : IDisposable
    {
        private const string BreakSuffix = ".break";
        private readonly SftpClient _sftp;
        private readonly Device _device;
        private readonly string _displayPath;
        private readonly string _lockPath;
        private readonly Func<string> _newTempName;
        private readonly TimeSpan _staleAge;
        private readonly TimeSpan _timeout;
        private readonly CancellationToken _cancellation;
        private readonly Random _random = new Random(Guid.NewGuid().GetHashCode());
        private readonly Stopwatch _held = new Stopwatch();
        private string _token;
        private string _probePath;
        private DateTime _probeServerTime;
        private Stopwatch _sinceProbe;

        public AuthorizedKeysLock(SftpClient sftp, Device device, string displayPath, string lockPath, Func<string> newTempName,
            EngineHooks hooks, CancellationToken cancellation)
        {
            _sftp = sftp;
            _device = device;
            _displayPath = displayPath;
            _lockPath = lockPath;
            _newTempName = newTempName;
            _staleAge = hooks.StaleLockAge;
            _timeout = hooks.LockTimeout;
            _cancellation = cancellation;
        }

        /// <summary>True once this writer broke a dead writer's lock (its leftovers may lie about).</summary>
        public bool BrokeStaleLock { get; private set; }

        public TimeSpan StaleAge => _staleAge;

        /// <summary>Waits for the lock (breaking a stale one) for at most the lock timeout, then AuthorizedKeysLocked.</summary>
        public void Acquire()
        {
            string token = Guid.NewGuid().ToString("N");
            byte[] content = Encoding.UTF8.GetBytes($"rescalessh {token} {Environment.MachineName} {Process.GetCurrentProcess().Id} {DateTime.UtcNow:o}\n");
            var waited = Stopwatch.StartNew();
            int attempt = 0, vanished = 0, broken = 0;
            while (true)
            {
                _cancellation.ThrowIfCancellationRequested();
                if (RemoteFiles.TryCreateExclusive(_sftp, _lockPath, content))
                {
                    _held.Restart();
                    _token = token;
                    return;
                }
                var held = RemoteFiles.TryStat(_sftp, _lockPath);
                if (held == null)
                {
                    // The create failed although no lock exists: released meanwhile (retry at once), or, when it keeps
                    // happening, the device cannot create files there (full or read-only disk).
                    if (++vanished > 20)
                    {
                        throw new RescaleSshException("AuthorizedKeysWriteFailed", FailureCategory.WriteError,
                            $"{_device} cannot create files beside '{_displayPath}' (is its disk full or read-only?).", _device);
                    }
                    if (vanished < 3) continue;
                }
                else if (DeviceNow() - held.LastWriteTimeUtc > _staleAge)
                {
                    vanished = 0;
                    // False while another writer is breaking it: then wait as for a live lock.
                    if (BreakStale())
                    {
                        BrokeStaleLock = true;
                        if (++broken > 5)
                        {
                            throw new RescaleSshException("AuthorizedKeysWriteFailed", FailureCategory.WriteError,
                                $"{_device} keeps a stale lock '{_lockPath}' that cannot be removed. Delete it on the device and try again.", _device);
                        }
                        continue;
                    }
                }
                else
                {
                    vanished = 0;
                }
                if (waited.Elapsed > _timeout)
                {
                    throw new RescaleSshException("AuthorizedKeysLocked", FailureCategory.ResourceBusy,
                        $"'{_displayPath}' on {_device} stayed locked by another writer for {_timeout.TotalSeconds:0} s. Try again; if no one else is editing it, delete '{_lockPath}' on the device.",
                        _device);
                }
                int delay = Math.Min(250, 10 << Math.Min(attempt++, 5));
                _cancellation.WaitHandle.WaitOne(delay / 2 + _random.Next(delay));
            }
        }

        /// <summary>
        /// Before relying on the lock: one held past half the stale age (a stalled link, a suspended laptop) may have
        /// been broken and taken by another writer; then give up with nothing changed.
        /// </summary>
        public void EnsureStillHeld()
        {
            if (_held.Elapsed >= HalfStaleAge && !StillHeld())
            {
                throw new RescaleSshException("AuthorizedKeysLocked", FailureCategory.ResourceBusy,
                    $"Editing '{_displayPath}' on {_device} took so long that another writer took over its lock; nothing was changed. Run the command again.", _device);
            }
        }

        /// <summary>The device's clock: the mtime of a probe file created there plus the time elapsed here since (clock skew does not matter).</summary>
        public DateTime DeviceNow()
        {
            if (_probePath == null)
            {
                string path = _newTempName();
                if (!RemoteFiles.TryCreateExclusive(_sftp, path, Array.Empty<byte>()))
                {
                    throw new RescaleSshException("AuthorizedKeysWriteFailed", FailureCategory.WriteError,
                        $"Cannot create a temporary file beside '{_displayPath}' on {_device}.", _device);
                }
                _probePath = path;
                _sinceProbe = Stopwatch.StartNew();
                _probeServerTime = _sftp.GetAttributes(path).LastWriteTimeUtc;
            }
            return _probeServerTime + _sinceProbe.Elapsed;
        }

        /// <summary>The probe file that tells the device's clock, if one was made (it is not a leftover).</summary>
        public string ProbePath => _probePath;

        public void Dispose()
        {
            if (_probePath != null) RemoteFiles.TryDelete(_sftp, _probePath);
            _probePath = null;
            if (_token == null) return;
            try
            {
                // Only a lock held longer than the stale age can have been broken and taken by another writer;
                // a short hold (the usual case) is surely still ours and is deleted without reading it back.
                if (_held.Elapsed < HalfStaleAge || StillHeld()) _sftp.DeleteFile(_lockPath);
            }
            catch (SftpPathNotFoundException)
            {
                // Gone already: nothing to release.
            }
            _token = null;
        }

        private TimeSpan HalfStaleAge => TimeSpan.FromTicks(_staleAge.Ticks / 2);

        private bool StillHeld()
        {
            byte[] held = RemoteFiles.TryReadAll(_sftp, _lockPath);
            return held != null && Encoding.UTF8.GetString(held).Contains(_token);
        }

        /// <summary>
        /// Deletes the lock if it is (still) stale, holding the break marker so that no other breaker acts at the same
        /// time. False when another writer holds the marker (it is breaking the lock right now); a marker left by a
        /// breaker that died is deleted once it is stale itself.
        /// </summary>
        private bool BreakStale()
        {
            string marker = _lockPath + BreakSuffix;
            if (!RemoteFiles.TryCreateExclusive(_sftp, marker, Encoding.UTF8.GetBytes("rescalessh break\n")))
            {
                var other = RemoteFiles.TryStat(_sftp, marker);
                if (other == null) return false; // that breaker just finished: look at the lock again after a short wait
                if (DeviceNow() - other.LastWriteTimeUtc <= _staleAge) return false;
                RemoteFiles.TryDelete(_sftp, marker);
                return true;
            }
            try
            {
                var held = RemoteFiles.TryStat(_sftp, _lockPath);
                if (held != null && DeviceNow() - held.LastWriteTimeUtc > _staleAge)
                {
                    try
                    {
                        _sftp.DeleteFile(_lockPath);
                    }
                    catch (SftpPathNotFoundException)
                    {
                    }
                }
                return true;
            }
            finally
            {
                RemoteFiles.TryDelete(_sftp, marker);
            }
        }
    }
}
