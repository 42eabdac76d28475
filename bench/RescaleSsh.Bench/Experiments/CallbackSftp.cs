using System;
using System.Collections.Generic;
using System.Reflection;
using System.Text;
using Renci.SshNet;
using Renci.SshNet.Sftp;

namespace RescaleSsh.Bench.Experiments
{
    /// <summary>
    /// EXPERIMENT ONLY (issue 14, loopback small uploads): SFTP requests whose answers call back on SSH.NET's receive
    /// thread, with no wait handle or task per request (SSH.NET 2026.0.0 internals by reflection).
    /// </summary>
    public sealed class CallbackSftp
    {
        private const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance;
        private static readonly Assembly SshNet = typeof(SftpClient).Assembly;
        private static readonly Type SessionType = SshNet.GetType("Renci.SshNet.Sftp.SftpSession", true);
        private static readonly Type FlagsType = SshNet.GetType("Renci.SshNet.Sftp.Flags", true);
        private static readonly Type StatusType = SshNet.GetType("Renci.SshNet.Sftp.Responses.SftpStatusResponse", true);
        private static readonly Type HandleType = SshNet.GetType("Renci.SshNet.Sftp.Responses.SftpHandleResponse", true);
        private static readonly Type RequestType = SshNet.GetType("Renci.SshNet.Sftp.Requests.SftpRequest", true);
        private static readonly Type BufferType = SshNet.GetType("Renci.SshNet.Sftp.Requests.SftpWriteRequestBuffer", true);
        private static readonly PropertyInfo StatusCode = StatusType.GetProperty("StatusCode", Any);
        private static readonly PropertyInfo HandleProperty = HandleType.GetProperty("Handle", Any);
        private static readonly MethodInfo SendRequest = SessionType.GetMethod("SendRequest", Any, null, new[] { RequestType }, null);
        private static readonly PropertyInfo NextRequestId = SessionType.GetProperty("NextRequestId", Any);
        private static readonly PropertyInfo ProtocolVersion = SessionType.GetProperty("ProtocolVersion", Any);
        private static readonly ConstructorInfo OpenRequest = SshNet.GetType("Renci.SshNet.Sftp.Requests.SftpOpenRequest", true).GetConstructors(Any)[0];
        private static readonly ConstructorInfo CloseRequest = SshNet.GetType("Renci.SshNet.Sftp.Requests.SftpCloseRequest", true).GetConstructors(Any)[0];
        private static readonly ConstructorInfo FSetStatRequest = SshNet.GetType("Renci.SshNet.Sftp.Requests.SftpFSetStatRequest", true).GetConstructors(Any)[0];
        private static readonly ConstructorInfo PosixRenameRequest = SshNet.GetType("Renci.SshNet.Sftp.Requests.PosixRenameRequest", true).GetConstructors(Any)[0];
        private static readonly MethodInfo WriteWithCallback = SessionType.GetMethod("RequestWrite", Any, null, new[] { BufferType, typeof(Action<>).MakeGenericType(StatusType) }, null);
        private static readonly ConstructorInfo BufferConstructor = BufferType.GetConstructor(Any, null, new[] { typeof(ReadOnlySpan<byte>), typeof(ulong), typeof(ReadOnlySpan<byte>), typeof(bool) }, null);
        private static readonly ConstructorInfo AttributesConstructor = typeof(SftpFileAttributes).GetConstructor(Any, null,
            new[] { typeof(DateTime), typeof(DateTime), typeof(long), typeof(int), typeof(int), typeof(uint), typeof(Dictionary<string, string>) }, null);

        private readonly object _session;

        /// <summary>new SftpWriteRequestBuffer(handle, offset, data.AsSpan(start, length), usePool: true): spans need IL, not reflection.</summary>
        private static readonly Func<byte[], ulong, byte[], int, int, object> NewBuffer = EmitNewBuffer();

        private static Func<byte[], ulong, byte[], int, int, object> EmitNewBuffer()
        {
            var method = new System.Reflection.Emit.DynamicMethod("NewWriteBuffer", typeof(object), new[] { typeof(byte[]), typeof(ulong), typeof(byte[]), typeof(int), typeof(int) }, typeof(CallbackSftp).Module, true);
            var il = method.GetILGenerator();
            var span = typeof(ReadOnlySpan<byte>);
            il.Emit(System.Reflection.Emit.OpCodes.Ldarg_0);
            il.Emit(System.Reflection.Emit.OpCodes.Newobj, span.GetConstructor(new[] { typeof(byte[]) }));
            il.Emit(System.Reflection.Emit.OpCodes.Ldarg_1);
            il.Emit(System.Reflection.Emit.OpCodes.Ldarg_2);
            il.Emit(System.Reflection.Emit.OpCodes.Ldarg_3);
            il.Emit(System.Reflection.Emit.OpCodes.Ldarg_S, (byte)4);
            il.Emit(System.Reflection.Emit.OpCodes.Newobj, span.GetConstructor(new[] { typeof(byte[]), typeof(int), typeof(int) }));
            il.Emit(System.Reflection.Emit.OpCodes.Ldc_I4_1);
            il.Emit(System.Reflection.Emit.OpCodes.Newobj, BufferConstructor);
            il.Emit(System.Reflection.Emit.OpCodes.Ret);
            return (Func<byte[], ulong, byte[], int, int, object>)method.CreateDelegate(typeof(Func<byte[], ulong, byte[], int, int, object>));
        }

        public CallbackSftp(SftpClient client) => _session = typeof(SftpClient).GetProperty("SftpSession", Any).GetValue(client);

        public void OpenNew(string path, Action<byte[], Exception> done)
        {
            var answer = new Answer { OnHandle = done };
            var onHandle = Delegate.CreateDelegate(typeof(Action<>).MakeGenericType(HandleType), answer, typeof(Answer).GetMethod(nameof(Answer.Handle)));
            var onStatus = Delegate.CreateDelegate(typeof(Action<>).MakeGenericType(StatusType), answer, typeof(Answer).GetMethod(nameof(Answer.Status)));
            Send(OpenRequest.Invoke(new[] { ProtocolVersion.GetValue(_session), NextRequestId.GetValue(_session), path, Encoding.UTF8, Enum.ToObject(FlagsType, 0x2 | 0x8 | 0x20), onHandle, onStatus }));
        }

        public void Write(byte[] handle, byte[] data, Action<Exception> done)
        {
            var buffer = NewBuffer(handle, 0, data, 0, data.Length);
            WriteWithCallback.Invoke(_session, new[] { buffer, Status(done) });
            ((IDisposable)buffer).Dispose();
        }

        public void SetTimes(byte[] handle, DateTime time, Action<Exception> done)
        {
            var epoch = DateTime.UnixEpoch;
            var attributes = (SftpFileAttributes)AttributesConstructor.Invoke(new object[] { epoch, epoch, 0L, 0, 0, 0u, null });
            attributes.LastAccessTimeUtc = time;
            attributes.LastWriteTimeUtc = time;
            Send(FSetStatRequest.Invoke(new[] { ProtocolVersion.GetValue(_session), NextRequestId.GetValue(_session), handle, attributes, Status(done) }));
        }

        public void Close(byte[] handle, Action<Exception> done) =>
            Send(CloseRequest.Invoke(new[] { ProtocolVersion.GetValue(_session), NextRequestId.GetValue(_session), handle, Status(done) }));

        public void PosixRename(string from, string to, Action<Exception> done) =>
            Send(PosixRenameRequest.Invoke(new[] { ProtocolVersion.GetValue(_session), NextRequestId.GetValue(_session), from, to, Encoding.UTF8, Status(done) }));

        private static Delegate Status(Action<Exception> done) =>
            Delegate.CreateDelegate(typeof(Action<>).MakeGenericType(StatusType), new Answer { OnStatus = done }, typeof(Answer).GetMethod(nameof(Answer.Status)));

        private void Send(object request) => SendRequest.Invoke(_session, new[] { request });

        private sealed class Answer
        {
            public Action<byte[], Exception> OnHandle;
            public Action<Exception> OnStatus;

            public void Handle(object response) => OnHandle((byte[])HandleProperty.GetValue(response), null);

            public void Status(object response)
            {
                int code = Convert.ToInt32(StatusCode.GetValue(response));
                var error = code == 0 ? null : new InvalidOperationException("SFTP status " + code);
                if (OnHandle != null) OnHandle(null, error ?? new InvalidOperationException("no handle"));
                else OnStatus(error);
            }
        }
    }
}
