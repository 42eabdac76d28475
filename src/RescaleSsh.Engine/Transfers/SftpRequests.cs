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
    /// pinned SSH.NET version), for small files, pipelined downloads and every step where a link must not be
    /// followed. SftpClient's public calls first resolve every path with SSH_FXP_REALPATH, which follows links
    /// (a rename onto a link would move the link's target) and costs round trips: about 13 per uploaded file;
    /// here a small file costs open, write + fsetstat, close and rename. Paths are sent exactly as given:
    /// relative ones resolve against the login home on the server, as SftpClient's do. When the internals are
    /// not found (another SSH.NET), <see cref="For"/> and <see cref="Exact"/> return null and callers use the
    /// public API.
    /// </summary>
    internal sealed class SftpRequests
    {
        /// <summary>SSH_FXF_* open flags (draft-ietf-secsh-filexfer-02 6.3); CreateNew is CREAT|EXCL.</summary>
        internal const uint ReadFlag = 0x1, WriteFlag = 0x2, CreateNewFlag = 0x28;

        private static readonly Lazy<SftpRequestApi> Methods = new Lazy<SftpRequestApi>(SftpRequestApi.Find, LazyThreadSafetyMode.ExecutionAndPublication);

        private readonly SftpClient _client;
        private readonly object _session;
        private readonly SftpRequestApi _api;
        private readonly ChannelSendGate _gate;

        private SftpRequests(SftpClient client, object session, SftpRequestApi api, ChannelSendGate gate = null)
        {
            _client = client;
            _session = session;
            _api = api;
            _gate = gate;
        }

        /// <summary>The raw requests of this client's session, or null when they are not available.</summary>
        public static SftpRequests For(SftpClient sftp, EngineHooks hooks)
        {
            if (hooks.PublicApiOnly) return null;
            var api = Methods.Value;
            if (api == null) return null;
            var session = api.SessionProperty.GetValue(sftp);
            return session == null ? null : new SftpRequests(sftp, session, api);
        }

        /// <summary>
        /// The raw requests of this client's session whatever the hooks say: the steps that must send paths exactly
        /// as given (lstat, exclusive create, rename onto a link) use them on the public-API path too. Null when
        /// this SSH.NET lacks the internals.
        /// </summary>
        public static SftpRequests Exact(SftpClient sftp)
        {
            var api = Methods.Value;
            var session = api?.SessionProperty.GetValue(sftp);
            return session == null ? null : new SftpRequests(sftp, session, api);
        }

        /// <summary>Raw requests on another SFTP session of <paramref name="client"/>'s connection (<see cref="SftpChannel"/>).</summary>
        internal static SftpRequests Over(SftpClient client, object session, ChannelSendGate gate) =>
            Methods.Value == null ? null : new SftpRequests(client, session, Methods.Value, gate);

        /// <summary>True when this SSH.NET has the internals the fast paths use (a test holds this for the pinned version).</summary>
        public static bool Available => Methods.Value != null;

        /// <summary>
        /// Creates <paramref name="path"/> (SSH_FXF_CREAT|EXCL), writes <paramref name="data"/>, sets its times, in one open.
        /// <paramref name="chained"/> (a long link): after the open, writes + fsetstat + close travel together (one round trip, not
        /// three). On a short link each is waited on SSH.NET's own handle: less CPU per file than the chained requests' tasks.
        /// </summary>
        public void WriteFile(string path, byte[] data, int length, DateTime lastWriteTimeUtc, bool chained, CancellationToken cancellation)
        {
            byte[] handle = Call<byte[]>(_api.Open, path, _api.Flags(WriteFlag | CreateNewFlag));
            uint chunk = Call<uint>(_api.OptimalWriteLength, (uint)Math.Max(4096, Math.Min(length, 64 * 1024)), handle);
            if (!chained)
            {
                try
                {
                    using (var written = new AutoResetEvent(false))
                    {
                        for (int offset = 0; offset < length; offset += (int)chunk)
                        {
                            cancellation.ThrowIfCancellationRequested();
                            Call<object>(_api.Write, handle, (ulong)offset, data, offset, (int)Math.Min(chunk, length - offset), written);
                        }
                    }
                    Call<object>(_api.FSetStat, handle, _api.Times(lastWriteTimeUtc));
                }
                finally
                {
                    Call<object>(_api.Close, handle);
                }
                return;
            }
            _api.Pending.WriteAndClose(_session, _api.Reads, handle, data, length, (int)chunk, _api.Times(lastWriteTimeUtc), Connected, cancellation);
        }

        private bool Connected() => _api.Reads.IsOpen(_session) && _client.IsConnected;

        /// <summary>False once the SFTP channel or the connection has closed: a request then is never answered.</summary>
        public bool IsConnected => Connected();

        /// <summary>SSH.NET's SFTP session these requests go on (for <see cref="SftpCallbacks"/>).</summary>
        public object Session => _session;

        /// <summary>Attributes that set only the access and modification times to <paramref name="lastWriteTimeUtc"/>.</summary>
        public SftpFileAttributes TimesOf(DateTime lastWriteTimeUtc) => _api.Times(lastWriteTimeUtc);

        /// <summary>SSH_FXP_CLOSE without waiting; <see cref="WaitFor"/> the task.</summary>
        public Task BeginClose(byte[] handle) => Callbacks == null ? _api.Pending.Close(_session, handle) : SftpTaskAnswer.Of(answer => Callbacks.Close(_session, handle, answer));

        /// <summary>SSH_FXP_REMOVE without waiting; <see cref="WaitFor"/> the task.</summary>
        public Task BeginRemove(string path) => Callbacks == null ? _api.Pending.Remove(_session, path) : SftpTaskAnswer.Of(answer => Callbacks.Remove(_session, path, answer));

        /// <summary>Answers that call back (no waits or timer registered per request, as SSH.NET's async calls do); null keeps those.</summary>
        private static SftpCallbacks Callbacks => SftpCallbacks.Instance;

        /// <summary>Sets the handle's file times and closes it, both requests sent before either answer is waited for.</summary>
        public void StampAndClose(byte[] handle, DateTime lastWriteTimeUtc, CancellationToken cancellation) =>
            _api.Pending.StampAndClose(_session, _api.Reads, handle, _api.Times(lastWriteTimeUtc), Connected, cancellation);

        /// <summary>Waits for requests sent without waiting; the first failure is thrown.</summary>
        public void WaitFor(CancellationToken cancellation, params Task[] tasks) => SftpPendingRequests.WaitAll(Connected, cancellation, tasks);

        /// <summary>Creates <paramref name="path"/> for writing (SSH_FXF_CREAT|EXCL: nothing, not even a link, may have that name).</summary>
        public byte[] CreateNew(string path) => Call<byte[]>(_api.Open, path, _api.Flags(WriteFlag | CreateNewFlag));

        /// <summary>SSH_FXP_LSTAT and SSH_FXP_OPEN (for writing, no truncation) of <paramref name="path"/> sent together: one round trip for both.</summary>
        public PendingOpen BeginLStatAndOpenForWriting(string path)
        {
            _gate?.Enter();
            try
            {
                return new PendingOpen(this, _api.Pending.LStat(_session, path), _api.Pending.Open(_session, path, _api.Flags(WriteFlag)));
            }
            finally
            {
                _gate?.Leave();
            }
        }

        /// <summary>Opens an existing <paramref name="path"/> for writing, without truncating it (a range of it, or the rest after -Resume).</summary>
        public byte[] OpenForWriting(string path) => Call<byte[]>(_api.Open, path, _api.Flags(WriteFlag));

        /// <summary>Data bytes per write to a server known to take them (<see cref="TakesLargeWrites"/>).</summary>
        public const uint LargeWriteBytes = 128 * 1024;

        /// <summary>
        /// Data bytes per SSH_FXP_WRITE of a large file: <see cref="LargeWriteBytes"/> where <see cref="TakesLargeWrites"/>,
        /// else what SSH.NET fits in one SSH packet (about 32 KiB, which every SFTP server must take). Fewer, larger
        /// requests cost less per byte on both ends (measured at 40 ms, 200 MiB over 8 channels: 3.3 s with 32 KiB, 2.8 s with 128 KiB).
        /// </summary>
        public uint WriteLength(byte[] handle) => TakesLargeWrites ? LargeWriteBytes : Call<uint>(_api.OptimalWriteLength, 64u * 1024, handle);

        /// <summary>
        /// True for OpenSSH's sftp-server (the SSH server says OpenSSH and the SFTP server announces limits@openssh.com): it
        /// takes writes up to 255 KiB (the max-write-length of its limits reply). Any other server keeps SSH.NET's size.
        /// </summary>
        public bool TakesLargeWrites
        {
            get
            {
                var extensions = _api.Extensions?.GetValue(_session) as IDictionary<string, string>;
                string server = _client.ConnectionInfo?.ServerVersion ?? "";
                return extensions != null && extensions.ContainsKey("limits@openssh.com") && server.StartsWith("SSH-2.0-OpenSSH_", StringComparison.Ordinal);
            }
        }

        /// <summary>
        /// Sends SSH_FXP_WRITE without waiting; <see cref="WaitFor"/> the task, which watches the cancellation. The bytes are
        /// taken when sent. No token goes to SSH.NET: with one, each request registers a cancellation callback (measured CPU).
        /// </summary>
        public Task BeginWrite(byte[] handle, long offset, byte[] data, int start, int count)
        {
            _gate?.Enter();
            try
            {
                return Callbacks == null
                    ? _api.Pending.Write(_session, handle, offset, data, start, count, CancellationToken.None)
                    : SftpTaskAnswer.Of(answer => Callbacks.Write(_session, handle, offset, data, start, count, answer));
            }
            finally
            {
                _gate?.Leave();
            }
        }

        /// <summary>Cuts <paramref name="path"/> to <paramref name="length"/> bytes (SSH_FXP_SETSTAT with the size only).</summary>
        public void SetSize(string path, long length) => Call<object>(_api.SetStat, path, _api.Size(length));

        /// <summary>Opens <paramref name="path"/> for reading and returns its handle.</summary>
        public byte[] OpenForReading(string path) => Call<byte[]>(_api.Open, path, _api.Flags(ReadFlag));

        /// <summary>The largest read one request may ask for, given the wanted size and the channel's packet size.</summary>
        public uint ReadLength(uint wanted) => Call<uint>(_api.OptimalReadLength, wanted);

        /// <summary>
        /// Sends one read request without waiting for its answer, which SSH.NET's receive thread hands to the
        /// returned <see cref="SftpReadAnswer"/>. Many of them in flight keep the link full (<see cref="SftpReadPipeline"/>).
        /// The request is SSH.NET's own SftpReadRequest with callbacks of ours: its RequestReadAsync costs three
        /// registered waits and a thread-pool hop per answer, measured at more CPU than the decryption itself.
        /// </summary>
        public SftpReadAnswer BeginRead(byte[] handle, long offset, uint length)
        {
            var answer = new SftpReadAnswer();
            var reads = _api.Reads;
            reads.Send(_session, reads.NewRequest(reads.ProtocolVersion(_session), reads.NextRequestId(_session), handle, (ulong)offset, length, answer));
            return answer;
        }

        /// <summary>Waits for an answer from <see cref="BeginRead"/>; the caller disposes it (its bytes are pooled).</summary>
        public IMemoryOwner<byte> EndRead(SftpReadAnswer answer, CancellationToken cancellation)
        {
            // A request on a broken connection is never answered: the channel and the session are both watched.
            answer.Wait(() => _api.Reads.IsOpen(_session) && _client.IsConnected, cancellation);
            return answer;
        }

        /// <summary>Closes a handle from <see cref="OpenForReading"/>.</summary>
        public void Close(byte[] handle) => Call<object>(_api.Close, handle);

        /// <summary>posix-rename@openssh.com (atomic, replaces the target); NotSupportedException when the server lacks it.</summary>
        public void PosixRename(string from, string to) => Call<object>(_api.PosixRename, from, to);

        /// <summary>SSH_FXP_RENAME: the SFTP v3 rename, which refuses an existing target on OpenSSH.</summary>
        public void Rename(string from, string to) => Call<object>(_api.Rename, from, to);

        /// <summary>SSH_FXP_STAT: what <paramref name="path"/> leads to (links followed); null when nothing does. One round trip, where SftpClient.GetAttributes resolves the path first.</summary>
        public SftpFileAttributes Stat(string path)
        {
            try
            {
                return Call<SftpFileAttributes>(_api.Stat, path);
            }
            catch (Renci.SshNet.Common.SftpPathNotFoundException)
            {
                return null;
            }
        }

        /// <summary>SSH_FXP_LSTAT: what is at <paramref name="path"/> itself (a link is not followed); null when nothing is.</summary>
        public SftpFileAttributes LStat(string path)
        {
            try
            {
                return Call<SftpFileAttributes>(_api.LStat, path);
            }
            catch (Renci.SshNet.Common.SftpPathNotFoundException)
            {
                return null;
            }
        }

        /// <summary>SSH_FXP_REMOVE: removes a file or a link itself (never its target).</summary>
        public void Remove(string path) => Call<object>(_api.Remove, path);

        /// <summary>SSH_FXP_RMDIR: removes an empty folder (a link to a folder is not one).</summary>
        public void RemoveDirectory(string path) => Call<object>(_api.RmDir, path);

        /// <summary>SSH_FXP_MKDIR on the path as given.</summary>
        public void CreateDirectory(string path) => Call<object>(_api.MkDir, path);

        /// <summary>Sets the modification and access times of <paramref name="path"/> (SSH_FXP_SETSTAT).</summary>
        public void SetTimes(string path, DateTime lastWriteTimeUtc) => Call<object>(_api.SetStat, path, _api.Times(lastWriteTimeUtc));

        /// <summary>SSH_FXP_REALPATH: the canonical absolute path, links resolved.</summary>
        public string RealPath(string path) => Call<string>(_api.CanonicalPath, path);

        /// <summary>SSH_FXP_OPENDIR; read it with <see cref="ReadDirectory"/>, close it with <see cref="Close"/>.</summary>
        public byte[] OpenDirectory(string path) => Call<byte[]>(_api.OpenDir, path);

        /// <summary>One SSH_FXP_READDIR answer (names with their lstat attributes); null at the end of the folder.</summary>
        public KeyValuePair<string, SftpFileAttributes>[] ReadDirectory(byte[] handle) =>
            Call<KeyValuePair<string, SftpFileAttributes>[]>(_api.ReadDir, handle);

        private T Call<T>(MethodInfo method, params object[] arguments)
        {
            _gate?.Enter();
            try
            {
                return (T)method.Invoke(_session, arguments);
            }
            catch (TargetInvocationException ex) when (ex.InnerException != null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
                throw;
            }
            finally
            {
                _gate?.Leave();
            }
        }
    }
}
