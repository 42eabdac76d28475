using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using Renci.SshNet;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// SFTP connections to the device beside the first one, for the ranges of a large upload (issue 14: sshd grants
    /// each channel a window of about 2 MiB per round trip, so one channel cannot fill a long link). Each is a separate
    /// SSH connection opened like the first and pinned to the host key it verified. Kept open while large uploads go
    /// on (the next file reuses them), closed once none does, and with the first connection. When the device refuses one (sshd's MaxStartups or MaxSessions, a login
    /// refused), no more are asked for than it had accepted by then: the copy goes on with the connections it has.
    /// </summary>
    internal sealed class ExtraConnections : IDisposable
    {
        private readonly Func<CancellationToken, SftpClient> _open;
        private readonly ConcurrentBag<SftpClient> _idle = new ConcurrentBag<SftpClient>();
        private readonly List<SftpClient> _all = new List<SftpClient>();
        private int _limit = int.MaxValue;
        private int _users;
        private bool _disposed;

        public ExtraConnections(Func<CancellationToken, SftpClient> open) => _open = open;

        /// <summary>
        /// An idle connection, or a new one while the device has not refused any; null otherwise, with the reason for
        /// -Verbose in <paramref name="refusal"/> the first time the device refuses.
        /// </summary>
        public SftpClient Rent(CancellationToken cancellation, out string refusal)
        {
            refusal = null;
            while (_idle.TryTake(out var idle))
            {
                if (Connected(idle)) return idle;
                Forget(idle);
            }
            lock (_all)
            {
                if (_disposed || _all.Count >= _limit) return null;
            }
            SftpClient opened;
            try
            {
                opened = _open(cancellation);
            }
            catch (RescaleSshException ex)
            {
                lock (_all)
                {
                    bool first = _limit == int.MaxValue;
                    _limit = Math.Min(_limit, _all.Count);
                    if (first) refusal = ex.Message;
                }
                return null;
            }
            lock (_all)
            {
                if (!_disposed)
                {
                    _all.Add(opened);
                    return opened;
                }
            }
            Close(opened);
            return null;
        }

        /// <summary>A large upload starts using the connections.</summary>
        public void Begin() => Interlocked.Increment(ref _users);

        /// <summary>A large upload is done with them: the last one out closes the idle ones (a session keeps no idle extras).</summary>
        public void End()
        {
            if (Interlocked.Decrement(ref _users) > 0) return;
            while (_idle.TryTake(out var idle)) Forget(idle);
        }

        /// <summary>Gives a connection back for the next range or file; a broken one is closed.</summary>
        public void Return(SftpClient client)
        {
            if (!_disposed && Connected(client)) _idle.Add(client);
            else Forget(client);
        }

        /// <summary>False for a broken client, and for one already closed with the first connection (Ctrl+C leaves a lane behind).</summary>
        private static bool Connected(SftpClient client)
        {
            try
            {
                return client.IsConnected;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }

        private void Forget(SftpClient client)
        {
            lock (_all) _all.Remove(client);
            Close(client);
        }

        private static void Close(SftpClient client)
        {
            try { client.Disconnect(); } catch (Exception) { /* already broken or closed: nothing to close */ }
            try { client.Dispose(); } catch (Exception) { /* closed twice: nothing left */ }
        }

        public void Dispose()
        {
            SftpClient[] all;
            lock (_all)
            {
                _disposed = true;
                all = _all.ToArray();
                _all.Clear();
            }
            foreach (var client in all) Close(client);
        }
    }
}
