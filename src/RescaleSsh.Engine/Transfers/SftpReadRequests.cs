using System;
using System.Linq;
using System.Linq.Expressions;
using System.Reflection;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// Compiled access to SSH.NET's internal read request (pinned SSH.NET version): builds an SftpReadRequest whose
    /// data and status callbacks fill a <see cref="SftpReadAnswer"/>, and sends it on the session. Compiled once
    /// per process from expression trees, so each request costs what SSH.NET's own calls cost. <see cref="Find"/>
    /// returns null when any piece is missing (another SSH.NET), and callers use the public API.
    /// </summary>
    internal sealed class SftpReadRequests
    {
        public Func<object, uint> ProtocolVersion { get; private set; }
        public Func<object, uint> NextRequestId { get; private set; }
        public Func<uint, uint, byte[], ulong, uint, SftpReadAnswer, object> NewRequest { get; private set; }
        public Action<object, object> Send { get; private set; }
        public Func<object, bool> IsOpen { get; private set; }

        public static SftpReadRequests Find(Assembly sshNet)
        {
            try
            {
                var sessionType = sshNet.GetType("Renci.SshNet.Sftp.SftpSession", false);
                var requestType = sshNet.GetType("Renci.SshNet.Sftp.Requests.SftpReadRequest", false);
                var baseRequestType = sshNet.GetType("Renci.SshNet.Sftp.Requests.SftpRequest", false);
                var dataType = sshNet.GetType("Renci.SshNet.Sftp.Responses.SftpDataResponse", false);
                var statusType = sshNet.GetType("Renci.SshNet.Sftp.Responses.SftpStatusResponse", false);
                var statusCodeType = sshNet.GetType("Renci.SshNet.Sftp.StatusCode", false);
                if (sessionType == null || requestType == null || baseRequestType == null || dataType == null || statusType == null || statusCodeType == null) return null;

                const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic;
                var send = sessionType.GetMethod("SendRequest", Any | BindingFlags.Instance, null, new[] { baseRequestType }, null);
                var toException = sessionType.GetMethod("GetSftpException", Any | BindingFlags.Static, null, new[] { statusType, typeof(string) }, null);
                var constructor = requestType.GetConstructor(Any | BindingFlags.Instance, null, new[]
                {
                    typeof(uint), typeof(uint), typeof(byte[]), typeof(ulong), typeof(uint),
                    typeof(Action<>).MakeGenericType(dataType), typeof(Action<>).MakeGenericType(statusType),
                }, null);
                var version = sessionType.GetProperty("ProtocolVersion", Any | BindingFlags.Instance);
                var nextId = sessionType.GetProperty("NextRequestId", Any | BindingFlags.Instance);
                var isOpen = sessionType.GetProperty("IsOpen", Any | BindingFlags.Instance);
                var data = dataType.GetProperty("Data", Any | BindingFlags.Instance);
                var statusCode = statusType.GetProperty("StatusCode", Any | BindingFlags.Instance);
                if (send == null || toException == null || constructor == null || version?.PropertyType != typeof(uint) || nextId?.PropertyType != typeof(uint) ||
                    isOpen?.PropertyType != typeof(bool) || data?.PropertyType != typeof(ArraySegment<byte>) || statusCode == null ||
                    !typeof(Exception).IsAssignableFrom(toException.ReturnType) || !Enum.GetNames(statusCodeType).Contains("Eof"))
                {
                    return null;
                }

                var session = Expression.Parameter(typeof(object), "session");
                var typedSession = Expression.Convert(session, sessionType);
                var answer = Expression.Parameter(typeof(SftpReadAnswer), "answer");

                // data => SftpReadAnswer.OnData(answer, data.Data)
                var dataResponse = Expression.Parameter(dataType, "data");
                var onData = Expression.Lambda(typeof(Action<>).MakeGenericType(dataType),
                    Expression.Call(typeof(SftpReadAnswer).GetMethod(nameof(SftpReadAnswer.OnData), BindingFlags.Static | BindingFlags.NonPublic),
                        answer, Expression.Property(dataResponse, data)),
                    dataResponse);

                // status => SftpReadAnswer.OnStatus(answer, status.StatusCode == Eof ? null : SftpSession.GetSftpException(status, null))
                var statusResponse = Expression.Parameter(statusType, "status");
                var endOfFile = Expression.Equal(Expression.Property(statusResponse, statusCode), Expression.Constant(Enum.Parse(statusCodeType, "Eof"), statusCodeType));
                var onStatus = Expression.Lambda(typeof(Action<>).MakeGenericType(statusType),
                    Expression.Call(typeof(SftpReadAnswer).GetMethod(nameof(SftpReadAnswer.OnStatus), BindingFlags.Static | BindingFlags.NonPublic),
                        answer,
                        Expression.Condition(endOfFile, Expression.Constant(null, typeof(Exception)),
                            Expression.Convert(Expression.Call(toException, statusResponse, Expression.Constant(null, typeof(string))), typeof(Exception)))),
                    statusResponse);

                var protocolVersion = Expression.Parameter(typeof(uint), "protocolVersion");
                var requestId = Expression.Parameter(typeof(uint), "requestId");
                var handle = Expression.Parameter(typeof(byte[]), "handle");
                var offset = Expression.Parameter(typeof(ulong), "offset");
                var length = Expression.Parameter(typeof(uint), "length");
                var request = Expression.Parameter(typeof(object), "request");

                return new SftpReadRequests
                {
                    ProtocolVersion = Expression.Lambda<Func<object, uint>>(Expression.Property(typedSession, version), session).Compile(),
                    NextRequestId = Expression.Lambda<Func<object, uint>>(Expression.Property(typedSession, nextId), session).Compile(),
                    IsOpen = Expression.Lambda<Func<object, bool>>(Expression.Property(typedSession, isOpen), session).Compile(),
                    NewRequest = Expression.Lambda<Func<uint, uint, byte[], ulong, uint, SftpReadAnswer, object>>(
                        Expression.Convert(Expression.New(constructor, protocolVersion, requestId, handle, offset, length, onData, onStatus), typeof(object)),
                        protocolVersion, requestId, handle, offset, length, answer).Compile(),
                    Send = Expression.Lambda<Action<object, object>>(
                        Expression.Call(typedSession, send, Expression.Convert(request, baseRequestType)), session, request).Compile(),
                };
            }
            catch (Exception)
            {
                return null;
            }
        }
    }
}
