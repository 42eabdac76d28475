using System;
using System.Buffers;
using System.Collections.Generic;
using System.Reflection;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Renci.SshNet;
using Renci.SshNet.Sftp;

namespace RescaleSsh.Bench.Experiments
{
    /// <summary>
    /// EXPERIMENT ONLY (issue 14 design evidence, not product code): SFTP requests sent on SSH.NET 2026.0.0's internal
    /// SftpSession without waiting for each answer, reached by reflection as the module's SftpRequests does. Every call
    /// sends its request at once and returns a task for the answer, so requests on one channel go out in call order
    /// and a caller can keep many in flight. Also opens extra SFTP channels on one connection (internal
    /// ServiceFactory.CreateSftpSession: there is no public API for it).
    /// </summary>
    public sealed class RawSftp : IDisposable
    {
        private const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance;
        private static readonly Assembly SshNet = typeof(SftpClient).Assembly;
        private static readonly Type SessionType = SshNet.GetType("Renci.SshNet.Sftp.SftpSession", true);
        private static readonly Type SessionInterface = SshNet.GetType("Renci.SshNet.Sftp.ISftpSession", true);
        private static readonly Type FlagsType = SshNet.GetType("Renci.SshNet.Sftp.Flags", true);
        private static readonly Type StatusType = SshNet.GetType("Renci.SshNet.Sftp.Responses.SftpStatusResponse", true);
        private static readonly Type RequestType = SshNet.GetType("Renci.SshNet.Sftp.Requests.SftpRequest", true);
        private static readonly PropertyInfo StatusCode = StatusType.GetProperty("StatusCode", Any);
        private static readonly PropertyInfo ErrorMessage = StatusType.GetProperty("ErrorMessage", Any);
        private static readonly MethodInfo SendRequest = SessionType.GetMethod("SendRequest", Any, null, new[] { RequestType }, null);
        private static readonly PropertyInfo NextRequestId = SessionType.GetProperty("NextRequestId", Any);
        private static readonly PropertyInfo ProtocolVersion = SessionType.GetProperty("ProtocolVersion", Any);
        private static readonly MethodInfo OpenAsyncMethod = SessionInterface.GetMethod("RequestOpenAsync");
        private static readonly MethodInfo WriteAsyncMethod = SessionInterface.GetMethod("RequestWriteAsync");
        private static readonly MethodInfo ReadAsyncMethod = SessionInterface.GetMethod("RequestReadAsync");
        private static readonly MethodInfo CloseAsyncMethod = SessionInterface.GetMethod("RequestCloseAsync");
        private static readonly MethodInfo OptimalRead = SessionInterface.GetMethod("CalculateOptimalReadLength");
        private static readonly MethodInfo OptimalWrite = SessionInterface.GetMethod("CalculateOptimalWriteLength");
        private static readonly ConstructorInfo FSetStatRequest = SshNet.GetType("Renci.SshNet.Sftp.Requests.SftpFSetStatRequest", true).GetConstructors(Any)[0];
        private static readonly Type NameType = SshNet.GetType("Renci.SshNet.Sftp.Responses.SftpNameResponse", true);
        private static readonly ConstructorInfo RealPathRequest = SshNet.GetType("Renci.SshNet.Sftp.Requests.SftpRealPathRequest", true).GetConstructors(Any)[0];
        private static readonly ConstructorInfo PosixRenameRequest = SshNet.GetType("Renci.SshNet.Sftp.Requests.PosixRenameRequest", true).GetConstructors(Any)[0];
        private static readonly ConstructorInfo AttributesConstructor = typeof(SftpFileAttributes).GetConstructor(Any, null,
            new[] { typeof(DateTime), typeof(DateTime), typeof(long), typeof(int), typeof(int), typeof(uint), typeof(Dictionary<string, string>) }, null);

        private readonly object _session;
        private readonly bool _ownsSession;

        private RawSftp(object session, bool ownsSession)
        {
            _session = session;
            _ownsSession = ownsSession;
        }

        /// <summary>The SFTP channel SftpClient opened.</summary>
        public static RawSftp Of(SftpClient client) =>
            new RawSftp(typeof(SftpClient).GetProperty("SftpSession", Any).GetValue(client), false);

        /// <summary>One more SFTP channel on the same SSH connection as <paramref name="client"/> (sshd's MaxSessions counts it).</summary>
        public static RawSftp NewChannel(SftpClient client)
        {
            var session = typeof(BaseClient).GetProperty("Session", Any).GetValue(client);
            var factory = typeof(BaseClient).GetProperty("ServiceFactory", Any).GetValue(client);
            var factoryType = factory.GetType();
            var responses = factoryType.GetMethod("CreateSftpResponseFactory").Invoke(factory, null);
            var sftp = factoryType.GetMethod("CreateSftpSession").Invoke(factory, new[] { session, (object)30_000, Encoding.UTF8, responses });
            try
            {
                sftp.GetType().GetMethod("Connect", Type.EmptyTypes).Invoke(sftp, null);
            }
            catch (TargetInvocationException ex)
            {
                ((IDisposable)sftp).Dispose();
                throw ex.InnerException;
            }
            return new RawSftp(sftp, true);
        }

        public uint ReadLength(uint wanted) => (uint)OptimalRead.Invoke(_session, new object[] { wanted });
        public uint WriteLength(uint wanted, byte[] handle) => (uint)OptimalWrite.Invoke(_session, new object[] { wanted, handle });

        public Task<byte[]> OpenAsync(string path, bool write) =>
            (Task<byte[]>)OpenAsyncMethod.Invoke(_session, new object[] { path, Enum.ToObject(FlagsType, write ? 0x2 | 0x8 | 0x10 : 0x1), CancellationToken.None });

        /// <summary>Opens for writing without truncating (several channels write ranges of one file).</summary>
        public Task<byte[]> OpenSharedWriteAsync(string path) =>
            (Task<byte[]>)OpenAsyncMethod.Invoke(_session, new object[] { path, Enum.ToObject(FlagsType, 0x2 | 0x8), CancellationToken.None });

        public Task WriteAsync(byte[] handle, long offset, byte[] data, int start, int length) =>
            (Task)WriteAsyncMethod.Invoke(_session, new object[] { handle, (ulong)offset, data, start, length, CancellationToken.None });

        /// <summary>Reads up to <paramref name="length"/> bytes; an empty owner means end of file.</summary>
        public async Task<IMemoryOwner<byte>> ReadAsync(byte[] handle, long offset, uint length)
        {
            var task = (Task)ReadAsyncMethod.Invoke(_session, new object[] { handle, (ulong)offset, length, CancellationToken.None });
            await task.ConfigureAwait(false);
            return (IMemoryOwner<byte>)task.GetType().GetProperty("Result").GetValue(task);
        }

        public Task CloseAsync(byte[] handle) => (Task)CloseAsyncMethod.Invoke(_session, new object[] { handle, CancellationToken.None });

        /// <summary>SSH_FXP_FSETSTAT with the times only.</summary>
        public Task SetTimesAsync(byte[] handle, DateTime lastWriteTimeUtc)
        {
            var epoch = DateTime.UnixEpoch;
            var attributes = (SftpFileAttributes)AttributesConstructor.Invoke(new object[] { epoch, epoch, 0L, 0, 0, 0u, null });
            attributes.LastAccessTimeUtc = lastWriteTimeUtc;
            attributes.LastWriteTimeUtc = lastWriteTimeUtc;
            return Send(FSetStatRequest, handle, attributes);
        }

        /// <summary>SSH_FXP_REALPATH of "." : one round trip with next to no work on the server.</summary>
        public Task PingAsync()
        {
            var answer = new StatusAnswer();
            var onName = Delegate.CreateDelegate(typeof(Action<>).MakeGenericType(NameType), answer, typeof(StatusAnswer).GetMethod(nameof(StatusAnswer.OnAny)));
            var onStatus = Delegate.CreateDelegate(typeof(Action<>).MakeGenericType(StatusType), answer, typeof(StatusAnswer).GetMethod(nameof(StatusAnswer.OnStatus)));
            var request = RealPathRequest.Invoke(new[] { ProtocolVersion.GetValue(_session), NextRequestId.GetValue(_session), ".", Encoding.UTF8, onName, onStatus });
            SendRequest.Invoke(_session, new[] { request });
            return answer.Task;
        }

        /// <summary>posix-rename@openssh.com.</summary>
        public Task PosixRenameAsync(string from, string to) => Send(PosixRenameRequest, from, to, Encoding.UTF8);

        private Task Send(ConstructorInfo constructor, params object[] arguments)
        {
            var answer = new StatusAnswer();
            var callback = Delegate.CreateDelegate(typeof(Action<>).MakeGenericType(StatusType), answer, typeof(StatusAnswer).GetMethod(nameof(StatusAnswer.OnStatus)));
            var all = new List<object> { ProtocolVersion.GetValue(_session), NextRequestId.GetValue(_session) };
            all.AddRange(arguments);
            all.Add(callback);
            SendRequest.Invoke(_session, new[] { constructor.Invoke(all.ToArray()) });
            return answer.Task;
        }

        public void Dispose()
        {
            if (_ownsSession) ((IDisposable)_session).Dispose();
        }

        private sealed class StatusAnswer
        {
            private readonly TaskCompletionSource _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

            public Task Task => _done.Task;

            public void OnAny(object response) => _done.TrySetResult();

            public void OnStatus(object status)
            {
                int code = Convert.ToInt32(StatusCode.GetValue(status));
                if (code == 0) _done.TrySetResult();
                else _done.TrySetException(new InvalidOperationException($"SFTP status {code}: {ErrorMessage.GetValue(status)}"));
            }
        }
    }
}
