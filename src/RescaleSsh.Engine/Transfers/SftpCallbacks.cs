using System;
using System.Buffers;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.Serialization;
using System.Text;
using System.Threading;
using Renci.SshNet;
using Renci.SshNet.Sftp;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// SFTP requests (pinned SSH.NET version's internal request types) whose answers are handed to an
    /// <see cref="ISftpAnswer"/> on SSH.NET's receive thread. SSH.NET's own calls wait on a wait handle per request,
    /// and its async calls register three waits and a timer per request; on Linux those cost more CPU than the
    /// request itself when thousands of small files go by. Compiled once per process from expression trees;
    /// <see cref="Instance"/> is null when a piece is missing (another SSH.NET), and callers keep their other paths.
    /// </summary>
    internal sealed class SftpCallbacks
    {
        private static readonly Lazy<SftpCallbacks> Found = new Lazy<SftpCallbacks>(Find, LazyThreadSafetyMode.ExecutionAndPublication);

        private Action<object, string, object, ISftpAnswer> _open;
        private Action<object, byte[], ISftpAnswer> _close;
        private Action<object, byte[], SftpFileAttributes, ISftpAnswer> _fsetstat;
        private Action<object, string, string, ISftpAnswer> _posixRename;
        private Action<object, string, ISftpAnswer> _remove;
        private Action<object, byte[], ISftpAnswer> _write;
        private Func<object, uint> _nextRequestId;
        private PropertyInfo _sessionProperty;
        private Type _flagsType;

        public static SftpCallbacks Instance => Found.Value;

        /// <summary>SSH.NET's SFTP session of <paramref name="client"/> (the object every request here is sent on).</summary>
        public object SessionOf(SftpClient client) => _sessionProperty.GetValue(client);

        /// <summary>SSH_FXP_OPEN of <paramref name="path"/> with SSH_FXF_* <paramref name="flags"/>; the answer gets the handle.</summary>
        public void Open(object session, string path, uint flags, ISftpAnswer answer) => _open(session, path, Enum.ToObject(_flagsType, flags), answer);

        public void Close(object session, byte[] handle, ISftpAnswer answer) => _close(session, handle, answer);

        /// <summary>SSH_FXP_FSETSTAT that sets only the access and modification times to <paramref name="lastWriteTimeUtc"/>.</summary>
        public void Stamp(SftpRequests requests, byte[] handle, DateTime lastWriteTimeUtc, ISftpAnswer answer) =>
            _fsetstat(requests.Session, handle, requests.TimesOf(lastWriteTimeUtc), answer);

        /// <summary>posix-rename@openssh.com: the paths go as given (a link at <paramref name="to"/> is replaced itself).</summary>
        public void PosixRename(object session, string from, string to, ISftpAnswer answer) => _posixRename(session, from, to, answer);

        public void Remove(object session, string path, ISftpAnswer answer) => _remove(session, path, answer);

        /// <summary>SSH_FXP_WRITE of <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="start"/>, at <paramref name="offset"/> in the file.</summary>
        public void Write(object session, byte[] handle, long offset, byte[] data, int start, int count, ISftpAnswer answer)
        {
            var bytes = WriteRequestBytes(_nextRequestId(session), handle, (ulong)offset, data, start, count);
            try
            {
                _write(session, bytes, answer);
            }
            finally
            {
                // Sent (SSH.NET copies the bytes into its packet before SendRequest returns), as SSH.NET's own writes assume.
                ArrayPool<byte>.Shared.Return(bytes);
            }
        }

        /// <summary>
        /// SSH.NET's SftpWriteRequestBuffer layout: [length 4][type 1][request id 4][handle length 4][handle][offset 8]
        /// [data length 4][data]. SftpWriteRequest fills in the length when it is sent.
        /// </summary>
        private static byte[] WriteRequestBytes(uint requestId, byte[] handle, ulong offset, byte[] data, int start, int count)
        {
            var bytes = ArrayPool<byte>.Shared.Rent(13 + handle.Length + 8 + 4 + count);
            bytes[4] = 6; // SSH_FXP_WRITE
            BigEndian(bytes, 5, requestId);
            BigEndian(bytes, 9, (uint)handle.Length);
            Buffer.BlockCopy(handle, 0, bytes, 13, handle.Length);
            int at = 13 + handle.Length;
            BigEndian(bytes, at, (uint)(offset >> 32));
            BigEndian(bytes, at + 4, (uint)offset);
            BigEndian(bytes, at + 8, (uint)count);
            Buffer.BlockCopy(data, start, bytes, at + 12, count);
            return bytes;
        }

        private static void BigEndian(byte[] bytes, int at, uint value)
        {
            bytes[at] = (byte)(value >> 24);
            bytes[at + 1] = (byte)(value >> 16);
            bytes[at + 2] = (byte)(value >> 8);
            bytes[at + 3] = (byte)value;
        }

        /// <summary>Called from a compiled status callback: OK is null, anything else SSH.NET's own exception for it.</summary>
        internal static void Answer(ISftpAnswer answer, byte[] handle, Exception error)
        {
            if (handle == null && error == null && answer.WantsHandle) error = new Renci.SshNet.Common.SshException("The device answered an open with a status instead of a handle.");
            answer.Answered(handle, error);
        }

        private static SftpCallbacks Find()
        {
            try
            {
                const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance;
                var sshNet = typeof(SftpClient).Assembly;
                Type T(string name) => sshNet.GetType(name, true);
                var sessionType = T("Renci.SshNet.Sftp.SftpSession");
                var statusType = T("Renci.SshNet.Sftp.Responses.SftpStatusResponse");
                var handleType = T("Renci.SshNet.Sftp.Responses.SftpHandleResponse");
                var statusCodeType = T("Renci.SshNet.Sftp.StatusCode");
                var flagsType = T("Renci.SshNet.Sftp.Flags");
                var requestBase = T("Renci.SshNet.Sftp.Requests.SftpRequest");
                var bufferType = T("Renci.SshNet.Sftp.Requests.SftpWriteRequestBuffer");
                var statusAction = typeof(Action<>).MakeGenericType(statusType);

                var send = sessionType.GetMethod("SendRequest", Any, null, new[] { requestBase }, null);
                var toException = sessionType.GetMethod("GetSftpException", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static, null, new[] { statusType, typeof(string) }, null);
                var version = sessionType.GetProperty("ProtocolVersion", Any);
                var nextId = sessionType.GetProperty("NextRequestId", Any);
                var encoding = sessionType.GetField("_encoding", Any);
                var statusCode = statusType.GetProperty("StatusCode", Any);
                var handleProperty = handleType.GetProperty("Handle", Any);
                var bufferBytes = bufferType.GetField("_buffer", Any);
                ConstructorInfo Constructor(string name, params Type[] parameters) => T(name).GetConstructor(Any, null, parameters, null);
                var open = Constructor("Renci.SshNet.Sftp.Requests.SftpOpenRequest", typeof(uint), typeof(uint), typeof(string), typeof(Encoding), flagsType, typeof(Action<>).MakeGenericType(handleType), statusAction);
                var close = Constructor("Renci.SshNet.Sftp.Requests.SftpCloseRequest", typeof(uint), typeof(uint), typeof(byte[]), statusAction);
                var fsetstat = Constructor("Renci.SshNet.Sftp.Requests.SftpFSetStatRequest", typeof(uint), typeof(uint), typeof(byte[]), typeof(SftpFileAttributes), statusAction);
                var rename = Constructor("Renci.SshNet.Sftp.Requests.PosixRenameRequest", typeof(uint), typeof(uint), typeof(string), typeof(string), typeof(Encoding), statusAction);
                var write = Constructor("Renci.SshNet.Sftp.Requests.SftpWriteRequest", typeof(uint), bufferType, statusAction);
                var remove = Constructor("Renci.SshNet.Sftp.Requests.SftpRemoveRequest", typeof(uint), typeof(uint), typeof(string), typeof(Encoding), statusAction);
                if (send == null || toException == null || version?.PropertyType != typeof(uint) || nextId?.PropertyType != typeof(uint) || encoding?.FieldType != typeof(Encoding) ||
                    statusCode == null || handleProperty?.PropertyType != typeof(byte[]) || bufferBytes?.FieldType != typeof(byte[]) ||
                    open == null || close == null || fsetstat == null || rename == null || write == null || remove == null || !typeof(Exception).IsAssignableFrom(toException.ReturnType))
                {
                    return null;
                }

                var session = Expression.Parameter(typeof(object), "session");
                var typed = Expression.Convert(session, sessionType);
                var answer = Expression.Parameter(typeof(ISftpAnswer), "answer");
                var protocolVersion = Expression.Property(typed, version);
                var requestId = Expression.Property(typed, nextId);
                var answerMethod = typeof(SftpCallbacks).GetMethod(nameof(Answer), BindingFlags.Static | BindingFlags.NonPublic);

                // status => SftpCallbacks.Answer(answer, null, status.StatusCode == Ok ? null : SftpSession.GetSftpException(status, path))
                LambdaExpression OnStatus(Expression path)
                {
                    var status = Expression.Parameter(statusType, "status");
                    var ok = Expression.Equal(Expression.Property(status, statusCode), Expression.Constant(Enum.Parse(statusCodeType, "Ok"), statusCodeType));
                    var error = Expression.Condition(ok, Expression.Constant(null, typeof(Exception)), Expression.Convert(Expression.Call(toException, status, path), typeof(Exception)));
                    return Expression.Lambda(statusAction, Expression.Call(answerMethod, answer, Expression.Constant(null, typeof(byte[])), error), status);
                }
                var noPath = Expression.Constant(null, typeof(string));
                Expression Sent(Expression request) => Expression.Call(typed, send, Expression.Convert(request, requestBase));

                var path = Expression.Parameter(typeof(string), "path");
                var flags = Expression.Parameter(typeof(object), "flags");
                var handleResponse = Expression.Parameter(handleType, "opened");
                var onHandle = Expression.Lambda(typeof(Action<>).MakeGenericType(handleType),
                    Expression.Call(answerMethod, answer, Expression.Property(handleResponse, handleProperty), Expression.Constant(null, typeof(Exception))), handleResponse);
                var handle = Expression.Parameter(typeof(byte[]), "handle");
                var attributes = Expression.Parameter(typeof(SftpFileAttributes), "attributes");
                var to = Expression.Parameter(typeof(string), "to");
                var sessionEncoding = Expression.Field(typed, encoding);

                // The write's bytes are laid out by WriteRequestBytes; SSH.NET's buffer object is only their holder.
                var bytes = Expression.Parameter(typeof(byte[]), "bytes");
                var buffer = Expression.Variable(bufferType, "buffer");
                var getUninitialized = typeof(FormatterServices).GetMethod(nameof(FormatterServices.GetUninitializedObject), new[] { typeof(Type) });
                var writeBody = Expression.Block(new[] { buffer },
                    Expression.Assign(buffer, Expression.Convert(Expression.Call(getUninitialized, Expression.Constant(bufferType, typeof(Type))), bufferType)),
                    Expression.Assign(Expression.Field(buffer, bufferBytes), bytes),
                    Sent(Expression.New(write, protocolVersion, buffer, OnStatus(noPath))),
                    // The request stays in SSH.NET's table until answered: it must not keep the pooled bytes.
                    Expression.Assign(Expression.Field(buffer, bufferBytes), Expression.Constant(null, typeof(byte[]))));

                return new SftpCallbacks
                {
                    _sessionProperty = typeof(SftpClient).GetProperty("SftpSession", Any),
                    _flagsType = flagsType,
                    _nextRequestId = Expression.Lambda<Func<object, uint>>(requestId, session).Compile(),
                    _open = Expression.Lambda<Action<object, string, object, ISftpAnswer>>(
                        Sent(Expression.New(open, protocolVersion, requestId, path, sessionEncoding, Expression.Convert(flags, flagsType), onHandle, OnStatus(path))),
                        session, path, flags, answer).Compile(),
                    _close = Expression.Lambda<Action<object, byte[], ISftpAnswer>>(
                        Sent(Expression.New(close, protocolVersion, requestId, handle, OnStatus(noPath))), session, handle, answer).Compile(),
                    _fsetstat = Expression.Lambda<Action<object, byte[], SftpFileAttributes, ISftpAnswer>>(
                        Sent(Expression.New(fsetstat, protocolVersion, requestId, handle, attributes, OnStatus(noPath))), session, handle, attributes, answer).Compile(),
                    _posixRename = Expression.Lambda<Action<object, string, string, ISftpAnswer>>(
                        Sent(Expression.New(rename, protocolVersion, requestId, path, to, sessionEncoding, OnStatus(path))), session, path, to, answer).Compile(),
                    _remove = Expression.Lambda<Action<object, string, ISftpAnswer>>(
                        Sent(Expression.New(remove, protocolVersion, requestId, path, sessionEncoding, OnStatus(path))), session, path, answer).Compile(),
                    _write = Expression.Lambda<Action<object, byte[], ISftpAnswer>>(writeBody, session, bytes, answer).Compile(),
                };
            }
            catch (Exception)
            {
                return null;
            }
        }
    }
}
