using System;
using System.Buffers;
using System.Collections.Generic;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Renci.SshNet;
using Renci.SshNet.Sftp;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// Raw SFTP requests on SSH.NET's own session (its internal ISftpSession, reached by reflection on the
    /// pinned SSH.NET version), for small files and for pipelined downloads. SftpClient's public calls first resolve every path with
    /// SSH_FXP_REALPATH (two round trips for a name that does not exist yet) and read attributes before setting
    /// them, about 13 round trips per uploaded file; here a small file costs open, write + fsetstat, close and
    /// rename. Paths are sent as given: relative ones resolve against the login home on the server, as
    /// SftpClient's do. When the internals are not found (another SSH.NET), <see cref="For"/> returns null and
    /// callers use the public API.
    /// </summary>
    internal sealed class SftpRequests
    {
        private const uint ReadFlag = 0x1, WriteFlag = 0x2, CreateFlag = 0x8, TruncateFlag = 0x10;

        /// <summary>Test seam: behave as with an SSH.NET whose internals are not found, so the public-API paths run.</summary>
        internal static bool PublicApiOnly;

        private static readonly Lazy<Api> Methods = new Lazy<Api>(Api.Find, LazyThreadSafetyMode.ExecutionAndPublication);

        private readonly object _session;
        private readonly Api _api;
        private Func<byte[], ulong, uint, CancellationToken, Task> _readAsync;

        private SftpRequests(object session, Api api)
        {
            _session = session;
            _api = api;
        }

        /// <summary>The raw requests of this client's session, or null when they are not available.</summary>
        public static SftpRequests For(SftpClient sftp)
        {
            if (PublicApiOnly) return null;
            var api = Methods.Value;
            if (api == null) return null;
            var session = api.SessionProperty.GetValue(sftp);
            return session == null ? null : new SftpRequests(session, api);
        }

        /// <summary>Writes <paramref name="data"/> to <paramref name="path"/> (created or truncated) and sets its times, in one open.</summary>
        public void WriteFile(string path, byte[] data, int length, DateTime lastWriteTimeUtc, CancellationToken cancellation)
        {
            // Synchronous requests throughout: they wait on SSH.NET's own handles, where the async ones need
            // thread-pool threads that busy workers may all be holding.
            byte[] handle = Call<byte[]>(_api.Open, path, _api.Flags(WriteFlag | CreateFlag | TruncateFlag));
            try
            {
                uint chunk = Call<uint>(_api.OptimalWriteLength, (uint)Math.Max(4096, Math.Min(length, 64 * 1024)), handle);
                using (var written = new AutoResetEvent(false))
                {
                    for (int offset = 0; offset < length; offset += (int)chunk)
                    {
                        cancellation.ThrowIfCancellationRequested();
                        int count = (int)Math.Min(chunk, length - offset);
                        Call<object>(_api.Write, handle, (ulong)offset, data, offset, count, written);
                    }
                }
                Call<object>(_api.FSetStat, handle, _api.Times(lastWriteTimeUtc));
            }
            finally
            {
                Call<object>(_api.Close, handle);
            }
        }

        /// <summary>Opens <paramref name="path"/> for reading and returns its handle.</summary>
        public byte[] OpenForReading(string path) => Call<byte[]>(_api.Open, path, _api.Flags(ReadFlag));

        /// <summary>The largest read one request may ask for, given the wanted size and the channel's packet size.</summary>
        public uint ReadLength(uint wanted) => Call<uint>(_api.OptimalReadLength, wanted);

        /// <summary>
        /// Sends one read request without waiting for its answer; <see cref="EndRead"/> takes the data. Many of them in
        /// flight keep the link full (<see cref="SftpReadPipeline"/>).
        /// </summary>
        public Task BeginRead(byte[] handle, long offset, uint length, CancellationToken cancellation)
        {
            if (_readAsync == null)
            {
                _readAsync = (Func<byte[], ulong, uint, CancellationToken, Task>)Delegate.CreateDelegate(
                    typeof(Func<byte[], ulong, uint, CancellationToken, Task>), _session, _api.ReadAsync);
            }
            return _readAsync(handle, (ulong)offset, length, cancellation);
        }

        /// <summary>
        /// Waits for a read sent by <see cref="BeginRead"/> and returns its data (empty at end of file) in a pooled
        /// buffer that the caller disposes.
        /// </summary>
        public IMemoryOwner<byte> EndRead(Task read)
        {
            read.GetAwaiter().GetResult();
            return (IMemoryOwner<byte>)_api.ReadAsyncResult.GetValue(read);
        }

        /// <summary>Closes a handle from <see cref="OpenForReading"/>.</summary>
        public void Close(byte[] handle) => Call<object>(_api.Close, handle);

        /// <summary>posix-rename@openssh.com (atomic, replaces the target); NotSupportedException when the server lacks it.</summary>
        public void PosixRename(string from, string to) => Call<object>(_api.PosixRename, from, to);

        private T Call<T>(MethodInfo method, params object[] arguments)
        {
            try
            {
                return (T)method.Invoke(_session, arguments);
            }
            catch (TargetInvocationException ex) when (ex.InnerException != null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
                throw;
            }
        }

        private sealed class Api
        {
            public PropertyInfo SessionProperty;
            public MethodInfo Open, Write, Read, ReadAsync, Close, FSetStat, PosixRename, OptimalWriteLength, OptimalReadLength;
            public PropertyInfo ReadAsyncResult;
            public Type FlagsType;
            public ConstructorInfo AttributesConstructor;

            public object Flags(uint value) => Enum.ToObject(FlagsType, value);

            /// <summary>Attributes carrying only the times: SSH.NET sends just the fields changed since construction.</summary>
            public SftpFileAttributes Times(DateTime lastWriteTimeUtc)
            {
                var epoch = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);
                var original = lastWriteTimeUtc == epoch ? epoch.AddSeconds(1) : epoch;
                var attributes = (SftpFileAttributes)AttributesConstructor.Invoke(new object[] { original, original, 0L, 0, 0, 0u, null });
                attributes.LastAccessTimeUtc = lastWriteTimeUtc;
                attributes.LastWriteTimeUtc = lastWriteTimeUtc;
                return attributes;
            }

            public static Api Find()
            {
                try
                {
                    var assembly = typeof(SftpClient).Assembly;
                    var session = assembly.GetType("Renci.SshNet.Sftp.ISftpSession", false);
                    var flags = assembly.GetType("Renci.SshNet.Sftp.Flags", false);
                    if (session == null || flags == null) return null;
                    var api = new Api
                    {
                        SessionProperty = typeof(SftpClient).GetProperty("SftpSession", BindingFlags.Instance | BindingFlags.NonPublic),
                        FlagsType = flags,
                        Open = session.GetMethod("RequestOpen", new[] { typeof(string), flags }),
                        Write = session.GetMethod("RequestWrite", new[] { typeof(byte[]), typeof(ulong), typeof(byte[]), typeof(int), typeof(int), typeof(AutoResetEvent) }),
                        Read = session.GetMethod("RequestRead", new[] { typeof(byte[]), typeof(ulong), typeof(uint) }),
                        ReadAsync = session.GetMethod("RequestReadAsync", new[] { typeof(byte[]), typeof(ulong), typeof(uint), typeof(CancellationToken) }),
                        Close = session.GetMethod("RequestClose", new[] { typeof(byte[]) }),
                        FSetStat = session.GetMethod("RequestFSetStat", new[] { typeof(byte[]), typeof(SftpFileAttributes) }),
                        PosixRename = session.GetMethod("RequestPosixRename", new[] { typeof(string), typeof(string) }),
                        OptimalWriteLength = session.GetMethod("CalculateOptimalWriteLength", new[] { typeof(uint), typeof(byte[]) }),
                        OptimalReadLength = session.GetMethod("CalculateOptimalReadLength", new[] { typeof(uint) }),
                        AttributesConstructor = typeof(SftpFileAttributes).GetConstructor(BindingFlags.Instance | BindingFlags.NonPublic, null,
                            new[] { typeof(DateTime), typeof(DateTime), typeof(long), typeof(int), typeof(int), typeof(uint), typeof(Dictionary<string, string>) }, null),
                    };
                    // RequestReadAsync answers Task<ReadOnlyMemoryOwner>, an internal type that is an IMemoryOwner<byte>.
                    var readAsyncType = api.ReadAsync?.ReturnType;
                    if (readAsyncType != null && readAsyncType.IsGenericType && readAsyncType.GetGenericTypeDefinition() == typeof(Task<>) &&
                        typeof(IMemoryOwner<byte>).IsAssignableFrom(readAsyncType.GetGenericArguments()[0]))
                    {
                        api.ReadAsyncResult = readAsyncType.GetProperty("Result");
                    }
                    bool complete = api.ReadAsyncResult != null && api.SessionProperty != null && api.Open != null && api.Write != null && api.Read != null && api.Read.ReturnType == typeof(byte[]) && api.Open.ReturnType == typeof(byte[]) &&
                                    api.Close != null && api.FSetStat != null && api.PosixRename != null && api.OptimalWriteLength != null &&
                                    api.OptimalReadLength != null && api.AttributesConstructor != null;
                    return complete ? api : null;
                }
                catch (Exception)
                {
                    return null;
                }
            }
        }
    }
}
