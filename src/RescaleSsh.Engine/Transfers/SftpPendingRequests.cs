using System;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Renci.SshNet.Sftp;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// SFTP requests sent on SSH.NET's internal session (pinned SSH.NET version) without waiting for their answers:
    /// write, fsetstat, close, lstat and open return a task each, so one file's requests can travel together (issue 14: a small
    /// file costs open; write + fsetstat + close; rename, three round trips instead of six). Requests on one channel
    /// are answered in the order sent by OpenSSH's sftp-server, but nothing here relies on it: every answer is
    /// checked. <see cref="Find"/> returns null when a piece is missing, and callers wait on each request instead.
    /// </summary>
    internal sealed class SftpPendingRequests
    {
        private MethodInfo _writeAsync, _closeAsync, _removeAsync, _lstatAsync, _openAsync, _toException;
        private ConstructorInfo _fsetstat;
        private PropertyInfo _statusCode;
        private MethodInfo _onStatus;
        private Type _statusActionType;

        /// <summary>SSH_FXP_WRITE; the task ends with the server's status.</summary>
        public Task Write(object session, byte[] handle, long offset, byte[] data, int start, int count, CancellationToken cancellation) =>
            (Task)Invoke(_writeAsync, session, handle, (ulong)offset, data, start, count, cancellation);

        /// <summary>SSH_FXP_CLOSE; the task ends with the server's status.</summary>
        public Task Close(object session, byte[] handle) => (Task)Invoke(_closeAsync, session, handle, CancellationToken.None);

        /// <summary>SSH_FXP_REMOVE; the task ends with the server's status.</summary>
        public Task Remove(object session, string path) => (Task)Invoke(_removeAsync, session, path, CancellationToken.None);

        /// <summary>SSH_FXP_LSTAT; the task ends with the attributes, or SftpPathNotFoundException.</summary>
        public Task<SftpFileAttributes> LStat(object session, string path) =>
            (Task<SftpFileAttributes>)Invoke(_lstatAsync, session, path, CancellationToken.None);

        /// <summary>SSH_FXP_OPEN with <paramref name="flags"/> (SSH.NET's Flags); the task ends with the handle.</summary>
        public Task<byte[]> Open(object session, string path, object flags) => (Task<byte[]>)Invoke(_openAsync, session, path, flags, CancellationToken.None);

        /// <summary>SSH_FXP_FSETSTAT with <paramref name="attributes"/>, sent through <paramref name="reads"/>' compiled SendRequest.</summary>
        public Task FSetStat(object session, SftpReadRequests reads, byte[] handle, SftpFileAttributes attributes)
        {
            var answer = new StatusAnswer(this);
            var callback = Delegate.CreateDelegate(_statusActionType, answer, _onStatus);
            var request = _fsetstat.Invoke(new object[] { reads.ProtocolVersion(session), reads.NextRequestId(session), handle, attributes, callback });
            reads.Send(session, request);
            return answer.Task;
        }

        /// <summary>
        /// Sends <paramref name="data"/>'s writes, an fsetstat with <paramref name="attributes"/> and the close of
        /// <paramref name="handle"/> without waiting between them, then checks every answer. The close is sent even
        /// when sending a write fails.
        /// </summary>
        public void WriteAndClose(object session, SftpReadRequests reads, byte[] handle, byte[] data, int length, int chunk, SftpFileAttributes attributes,
            Func<bool> connected, CancellationToken cancellation)
        {
            var pending = new System.Collections.Generic.List<Task>();
            try
            {
                for (int offset = 0; offset < length; offset += chunk)
                {
                    cancellation.ThrowIfCancellationRequested();
                    pending.Add(Write(session, handle, offset, data, offset, Math.Min(chunk, length - offset), CancellationToken.None));
                }
                pending.Add(FSetStat(session, reads, handle, attributes));
            }
            finally
            {
                pending.Add(Close(session, handle));
            }
            WaitAll(connected, cancellation, pending.ToArray());
        }

        /// <summary>Sends an fsetstat with <paramref name="attributes"/> and the close of <paramref name="handle"/> together, then checks both answers.</summary>
        public void StampAndClose(object session, SftpReadRequests reads, byte[] handle, SftpFileAttributes attributes, Func<bool> connected, CancellationToken cancellation)
        {
            Task stamped = null;
            try
            {
                stamped = FSetStat(session, reads, handle, attributes);
            }
            finally
            {
                WaitAll(connected, cancellation, stamped, Close(session, handle));
            }
        }

        /// <summary>
        /// Waits for every task in order and rethrows the first failure as itself (not an AggregateException). A request on
        /// a connection that broke is never answered: <paramref name="connected"/> is looked at while waiting.
        /// </summary>
        public static void WaitAll(Func<bool> connected, CancellationToken cancellation, params Task[] tasks)
        {
            Exception first = null;
            foreach (var task in tasks)
            {
                if (task == null) continue;
                try
                {
                    while (!task.Wait(100, cancellation))
                    {
                        if (!connected()) throw new Renci.SshNet.Common.SshConnectionException("The connection to the device was closed while writing.");
                    }
                }
                catch (AggregateException ex) when (ex.InnerException != null)
                {
                    if (first == null) first = ex.InnerException;
                }
                catch (Exception ex) when (!(ex is OperationCanceledException))
                {
                    if (first == null) first = ex;
                }
            }
            if (first != null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
        }

        /// <summary>Marks a failure of <paramref name="task"/> as seen, for a request whose answer may be dropped unread.</summary>
        public static void Observe(Task task) =>
            task.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        private static object Invoke(MethodInfo method, object session, params object[] arguments)
        {
            try
            {
                return method.Invoke(session, arguments);
            }
            catch (TargetInvocationException ex) when (ex.InnerException != null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
                throw;
            }
        }

        public static SftpPendingRequests Find(Assembly sshNet, Type sessionInterface)
        {
            try
            {
                const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic;
                var statusType = sshNet.GetType("Renci.SshNet.Sftp.Responses.SftpStatusResponse", false);
                var sessionType = sshNet.GetType("Renci.SshNet.Sftp.SftpSession", false);
                var requestType = sshNet.GetType("Renci.SshNet.Sftp.Requests.SftpFSetStatRequest", false);
                if (statusType == null || sessionType == null || requestType == null) return null;
                var flagsType = sshNet.GetType("Renci.SshNet.Sftp.Flags", false);
                if (flagsType == null) return null;
                var statusAction = typeof(Action<>).MakeGenericType(statusType);
                var found = new SftpPendingRequests
                {
                    _writeAsync = sessionInterface.GetMethod("RequestWriteAsync", new[] { typeof(byte[]), typeof(ulong), typeof(byte[]), typeof(int), typeof(int), typeof(CancellationToken) }),
                    _closeAsync = sessionInterface.GetMethod("RequestCloseAsync", new[] { typeof(byte[]), typeof(CancellationToken) }),
                    _removeAsync = sessionInterface.GetMethod("RequestRemoveAsync", new[] { typeof(string), typeof(CancellationToken) }),
                    _lstatAsync = sessionInterface.GetMethod("RequestLStatAsync", new[] { typeof(string), typeof(CancellationToken) }),
                    _openAsync = sessionInterface.GetMethod("RequestOpenAsync", new[] { typeof(string), flagsType, typeof(CancellationToken) }),
                    _toException = sessionType.GetMethod("GetSftpException", Any | BindingFlags.Static, null, new[] { statusType, typeof(string) }, null),
                    _fsetstat = requestType.GetConstructor(Any | BindingFlags.Instance, null,
                        new[] { typeof(uint), typeof(uint), typeof(byte[]), typeof(SftpFileAttributes), statusAction }, null),
                    _statusCode = statusType.GetProperty("StatusCode", Any | BindingFlags.Instance),
                    _onStatus = typeof(StatusAnswer).GetMethod(nameof(StatusAnswer.OnStatus)),
                    _statusActionType = statusAction,
                };
                bool complete = found._writeAsync?.ReturnType == typeof(Task) && found._closeAsync?.ReturnType == typeof(Task) &&
                                found._removeAsync?.ReturnType == typeof(Task) && found._lstatAsync?.ReturnType == typeof(Task<SftpFileAttributes>) &&
                                found._openAsync?.ReturnType == typeof(Task<byte[]>) &&
                                found._toException != null && found._fsetstat != null && found._statusCode != null;
                return complete ? found : null;
            }
            catch (Exception)
            {
                return null;
            }
        }

        /// <summary>One status answer, completed on SSH.NET's receive thread; waiters continue elsewhere.</summary>
        private sealed class StatusAnswer
        {
            private readonly SftpPendingRequests _api;
            private readonly TaskCompletionSource<bool> _done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

            public StatusAnswer(SftpPendingRequests api) => _api = api;

            public Task Task => _done.Task;

            public void OnStatus(object status)
            {
                if (Convert.ToInt32(_api._statusCode.GetValue(status), System.Globalization.CultureInfo.InvariantCulture) == 0)
                {
                    _done.TrySetResult(true);
                    return;
                }
                _done.TrySetException((Exception)_api._toException.Invoke(null, new[] { status, null }));
            }
        }
    }
}
