using System;
using System.Collections.Generic;
using System.Reflection;
using System.Text;
using System.Threading;
using Renci.SshNet;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// One more SFTP channel on the SSH connection an <see cref="SftpClient"/> holds, with its raw requests. SSH.NET has
    /// no public way to open one: its ServiceFactory.CreateSftpSession (internal, pinned version) is reached by
    /// reflection like <see cref="SftpRequests"/>'s session; on another SSH.NET <see cref="Open"/> returns null and large
    /// uploads keep to one channel. The device counts each channel against sshd's MaxSessions (default 10).
    /// </summary>
    internal sealed class SftpChannel : IDisposable
    {
        private const BindingFlags Any = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
        private const int OperationTimeoutMs = 30_000;

        private readonly IDisposable _session;
        private readonly SftpClient _client;
        private readonly PropertyInfo _isOpen;
        private readonly ChannelSendGate _gate;

        private SftpChannel(SftpClient client, object session, SftpRequests requests, ChannelSendGate gate)
        {
            _client = client;
            _session = (IDisposable)session;
            _isOpen = session.GetType().GetProperty("IsOpen", Any);
            Requests = requests;
            _gate = gate;
        }

        public SftpRequests Requests { get; }

        /// <summary>False once the channel or its connection closed.</summary>
        public bool IsOpen
        {
            get
            {
                try
                {
                    return _client.IsConnected && (_isOpen == null || (bool)_isOpen.GetValue(_session));
                }
                catch (ObjectDisposedException)
                {
                    return false;
                }
            }
        }

        /// <summary>A new channel on <paramref name="client"/>'s connection; null when this SSH.NET lacks the internals. The device's refusal throws.</summary>
        public static SftpChannel Open(SftpClient client)
        {
            var connection = ConnectionOf(client);
            var factory = typeof(BaseClient).GetProperty("ServiceFactory", Any)?.GetValue(client);
            var responses = factory?.GetType().GetMethod("CreateSftpResponseFactory", Type.EmptyTypes)?.Invoke(factory, null);
            var create = factory?.GetType().GetMethod("CreateSftpSession");
            if (connection == null || responses == null || create == null || create.GetParameters().Length != 4) return null;
            object session;
            try
            {
                session = create.Invoke(factory, new[] { connection, OperationTimeoutMs, Encoding.UTF8, responses });
                session.GetType().GetMethod("Connect", Type.EmptyTypes).Invoke(session, null);
            }
            catch (TargetInvocationException ex) when (ex.InnerException != null)
            {
                throw ex.InnerException;
            }
            var gate = new ChannelSendGate();
            var requests = SftpRequests.Over(client, session, gate);
            if (requests != null) return new SftpChannel(client, session, requests, gate);
            ((IDisposable)session).Dispose();
            return null;
        }

        /// <summary>The SSH connection <paramref name="client"/> holds (SSH.NET's BaseClient.Session, internal); null when this SSH.NET lacks it.</summary>
        public static object ConnectionOf(SftpClient client) => typeof(BaseClient).GetProperty("Session", Any)?.GetValue(client);

        /// <summary>
        /// Closes <paramref name="channels"/> at once, each on a thread of its own, unwaited for (a close waits a round
        /// trip for the device's answer).
        /// </summary>
        public static void CloseAll(IReadOnlyCollection<SftpChannel> channels)
        {
            foreach (var channel in channels) channel.BeginClose();
            foreach (var channel in channels)
            {
                new Thread(channel.Dispose) { IsBackground = true, Name = "RescaleSsh channel close" }.Start();
            }
        }

        /// <summary>Turns new requests away; <see cref="Dispose"/> then waits for those already sent (several channels close at once this way).</summary>
        public void BeginClose() => _gate.Close();

        /// <summary>Closes the channel once no request of a lane is being sent on it (bounded): see <see cref="ChannelSendGate"/>.</summary>
        public void Dispose()
        {
            _gate.WaitUntilEmpty(() => IsOpen);
            try
            {
                _session.Dispose();
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                // the connection already broke: nothing left to close
            }
        }
    }
}
