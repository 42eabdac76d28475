using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Renci.SshNet.Common;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// SFTP channels beside the first one on the same SSH connection, for the ranges of a large upload (issue 14: sshd
    /// grants each channel a window of about 2 MiB per round trip, so one channel cannot fill a long link; several
    /// channels on one connection do, without the extra logins and sshd processes separate connections cost —
    /// measured at 40 ms for 200 MiB: 4 channels 3.0 s, 4 connections 4.5 s, 1 channel 5.9 s). Kept open while large
    /// uploads go on and for <see cref="EngineHooks.ExtraChannelsIdleGrace"/> after the last one (the next file reuses
    /// them: sshd's buffers for a channel are grown by then, and a session's back-to-back 200 MiB uploads at 40 ms took
    /// 1.3 s instead of 1.7 s each), then closed; with the connection at the latest. When the device
    /// refuses one (sshd's MaxSessions), no more are asked for than it had accepted by then: the copy goes on with the
    /// channels it has.
    /// </summary>
    internal sealed class ExtraChannels : IDisposable
    {
        /// <summary>
        /// At most this many beside the first channel, whatever the number of large uploads at once: SSH.NET lets a
        /// connection hold 10 channels (ConnectionInfo.MaxSessions) and waits, without a time limit, for a free one
        /// before it opens the eleventh; one is left spare.
        /// </summary>
        public const int Most = 8;

        private readonly Func<CancellationToken, SftpChannel> _open;
        private int _opening;
        private readonly ConcurrentBag<SftpChannel> _idle = new ConcurrentBag<SftpChannel>();
        private readonly ConcurrentQueue<Task<(SftpChannel Channel, string Refusal)>> _coming = new ConcurrentQueue<Task<(SftpChannel Channel, string Refusal)>>();
        private readonly List<SftpChannel> _all = new List<SftpChannel>();
        private int _limit = int.MaxValue;
        private int _users;
        private bool _disposed;
        private readonly TimeSpan _idleGrace;
        private Timer _idleClose;

        public ExtraChannels(Func<CancellationToken, SftpChannel> open, TimeSpan idleGrace)
        {
            _open = open;
            _idleGrace = idleGrace;
        }

        /// <summary>
        /// An idle channel, one <see cref="Prepare"/> is opening, or a new one while the device has not refused any; null
        /// otherwise, with the reason for -Verbose in <paramref name="refusal"/> the first time the device refuses.
        /// </summary>
        public SftpChannel Rent(CancellationToken cancellation, out string refusal)
        {
            refusal = null;
            while (_idle.TryTake(out var idle))
            {
                if (Connected(idle)) return idle;
                Forget(idle);
            }
            while (_coming.TryDequeue(out var coming))
            {
                var (channel, refused) = coming.GetAwaiter().GetResult();
                if (channel != null) return channel;
                if (refused != null)
                {
                    refusal = refused;
                    return null;
                }
            }
            return Reserve() ? Open(cancellation, out refusal) : null;
        }

        /// <summary>
        /// Makes sure <paramref name="count"/> channels are idle or opening, opening the missing ones at once, each on a
        /// thread of its own, for the lanes that will <see cref="Rent"/> them a moment later: opening one takes four round
        /// trips, which then overlap the temporary file's creation instead of following it.
        /// </summary>
        public void Prepare(int count, CancellationToken cancellation)
        {
            for (int i = _idle.Count + _coming.Count; i < count && Reserve(); i++)
            {
                var coming = new TaskCompletionSource<(SftpChannel, string)>(TaskCreationOptions.RunContinuationsAsynchronously);
                _coming.Enqueue(coming.Task);
                new Thread(() =>
                {
                    var channel = Open(cancellation, out string refusal);
                    coming.SetResult((channel, refusal));
                }) { IsBackground = true, Name = "RescaleSsh channel open" }.Start();
            }
        }

        /// <summary>
        /// <see cref="Prepare"/>s <paramref name="count"/> channels as soon as the connection's first channel (the SFTP
        /// channel its client is opening) is confirmed open, so that a device's MaxSessions never refuses that one for
        /// them. False when the connection cannot be watched (another SSH.NET): the channels are prepared with the file.
        /// </summary>
        public bool PrepareAfterFirstChannel(Renci.SshNet.SftpClient client, int count, CancellationToken cancellation)
        {
            if (!(SftpChannel.ConnectionOf(client) is Renci.SshNet.Session connection)) return false;
            int fired = 0;
            EventHandler<Renci.SshNet.MessageEventArgs<Renci.SshNet.Messages.Connection.ChannelOpenConfirmationMessage>> confirmed = null;
            confirmed = (_, __) =>
            {
                if (Interlocked.Exchange(ref fired, 1) != 0) return;
                connection.ChannelOpenConfirmationReceived -= confirmed;
                Prepare(count, cancellation);
            };
            connection.ChannelOpenConfirmationReceived += confirmed;
            return true;
        }

        /// <summary>Counts one more channel as opening, unless that would pass <see cref="Most"/> or what the device accepted.</summary>
        private bool Reserve()
        {
            lock (_all)
            {
                if (_disposed || _all.Count + _opening >= Math.Min(_limit, Most)) return false;
                _opening++;
                return true;
            }
        }

        /// <summary>Opens the channel <see cref="Reserve"/> counted; null when refused (with the reason, the first time) or closed meanwhile.</summary>
        private SftpChannel Open(CancellationToken cancellation, out string refusal)
        {
            refusal = null;
            SftpChannel opened = null;
            bool refused = false, kept = false;
            try
            {
                opened = _open(cancellation);
            }
            catch (Exception ex) when (ex is RescaleSshException || ex is SshException || ex is InvalidOperationException ||
                                       ex is ObjectDisposedException || ex is System.Net.Sockets.SocketException)
            {
                refused = true;
                refusal = ex.Message;
            }
            finally
            {
                lock (_all)
                {
                    _opening--;
                    if (refused)
                    {
                        if (_limit != int.MaxValue) refusal = null; // said once, the first time
                        _limit = Math.Min(_limit, _all.Count);
                    }
                    else if (opened != null && !_disposed)
                    {
                        _all.Add(opened);
                        kept = true;
                    }
                }
            }
            if (kept) return opened;
            if (opened != null) Close(opened); // the connection closed meanwhile
            return null;
        }

        /// <summary>A large upload starts using the channels.</summary>
        public void Begin()
        {
            Interlocked.Increment(ref _users);
            lock (_all) _idleClose?.Change(Timeout.Infinite, Timeout.Infinite);
        }

        /// <summary>A large upload is done with them: once the last one out has been gone for the grace period, the idle ones close.</summary>
        public void End()
        {
            if (Interlocked.Decrement(ref _users) > 0) return;
            lock (_all)
            {
                if (_disposed) return;
                if (_idleClose == null) _idleClose = new Timer(_ => CloseIdle(), null, Timeout.Infinite, Timeout.Infinite);
                _idleClose.Change(_idleGrace, Timeout.InfiniteTimeSpan);
            }
        }

        /// <summary>
        /// Closes the idle channels all at once and without waiting (each close takes a round trip), and those prepared
        /// and never rented once they are open; nothing when a large upload started meanwhile.
        /// </summary>
        private void CloseIdle()
        {
            if (Volatile.Read(ref _users) > 0) return;
            var idle = new List<SftpChannel>();
            while (_idle.TryTake(out var channel))
            {
                lock (_all) _all.Remove(channel);
                idle.Add(channel);
            }
            SftpChannel.CloseAll(idle);
            // Prepared and never rented (the copy failed first): closed once open.
            while (_coming.TryDequeue(out var coming))
            {
                coming.ContinueWith(opened =>
                {
                    if (opened.Result.Channel != null) Forget(opened.Result.Channel);
                }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }

        /// <summary>Gives a channel back for the next range or file; a broken one is closed.</summary>
        public void Return(SftpChannel client)
        {
            if (!_disposed && Connected(client)) _idle.Add(client);
            else Forget(client);
        }

        /// <summary>Closes a channel that must not serve another range (a request of it may never be answered).</summary>
        public void Discard(SftpChannel channel) => Forget(channel);

        /// <summary>False for a broken channel, and for one already closed with the connection (Ctrl+C leaves a lane behind).</summary>
        private static bool Connected(SftpChannel channel) => channel.IsOpen;

        private void Forget(SftpChannel client)
        {
            lock (_all) _all.Remove(client);
            Close(client);
        }

        private static void Close(SftpChannel channel) => channel.Dispose();

        /// <summary>The connection is closing: every channel is closed at once, unwaited for (the disconnect ends them anyway).</summary>
        public void Dispose()
        {
            SftpChannel[] all;
            lock (_all)
            {
                _disposed = true;
                all = _all.ToArray();
                _all.Clear();
                _idleClose?.Dispose();
            }
            SftpChannel.CloseAll(all);
        }
    }
}
