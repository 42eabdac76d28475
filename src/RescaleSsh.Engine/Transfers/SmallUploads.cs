using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using RescaleSsh.Connections;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// Fresh uploads of small files (no -Resume, no -Verify) with no thread waiting on any of them (issue 14). Each
    /// file takes three round trips: open (exclusive create of its temporary name); write + fsetstat + close;
    /// posix-rename. Every answer comes back through <see cref="SftpCallbacks"/> as a step for one driver thread, which
    /// sends the file's next requests. Thousands of small files then cost no thread switch per request, which is what bounded them on a
    /// short link. A file whose open, write, close or rename fails, or whose local read fails, is handed whole to the
    /// usual path (<see cref="TransferJob"/> on fallback lanes), which looks at what is there, copies it again and
    /// reports its own error: no failure is told differently from a file copied the usual way.
    /// </summary>
    internal sealed class SmallUploads
    {
        private readonly DeviceConnection _connection;
        private readonly SftpRequests _requests;
        private readonly SftpCallbacks _sftp;
        private readonly object _session;
        private readonly TransferProgress _progress;
        private readonly IOperationHost _host;
        private readonly FileLanes _fallback;
        private readonly Action<TransferItem, CancellationToken> _copyUsually;
        private readonly DriverSteps _steps = new DriverSteps();
        private readonly Queue<TransferItem> _waiting = new Queue<TransferItem>();
        private readonly HashSet<SmallUpload> _inFlight = new HashSet<SmallUpload>();
        private uint _writeLength;
        private bool _noMore, _broken;

        private SmallUploads(DeviceConnection connection, SftpRequests requests, SftpCallbacks sftp, int width, TransferProgress progress, IOperationHost host,
            FileLanes fallback, Action<TransferItem, CancellationToken> copyUsually)
        {
            _connection = connection;
            _requests = requests;
            _sftp = sftp;
            _session = requests.Session;
            Width = width;
            _progress = progress;
            _host = host;
            _fallback = fallback;
            _copyUsually = copyUsually;
        }

        /// <summary>Files in flight at once.</summary>
        public int Width { get; }

        /// <summary>
        /// The driver for these <paramref name="options"/>, or null when the usual path must take every file (-Resume and
        /// -Verify look at each file on the device; another SSH.NET lacks the internals).
        /// </summary>
        public static SmallUploads For(DeviceConnection connection, TransferOptions options, int width, TransferProgress progress, IOperationHost host,
            FileLanes fallback, Action<TransferItem, CancellationToken> copyUsually)
        {
            if (options.Direction != TransferDirection.Upload || options.Resume || options.Verify) return null;
            var sftp = SftpCallbacks.Instance;
            var requests = sftp == null ? null : SftpRequests.For(connection.Sftp, connection.Hooks);
            return requests == null ? null : new SmallUploads(connection, requests, sftp, width, progress, host, fallback, copyUsually);
        }

        /// <summary>Queues one planned file (any thread).</summary>
        public void Add(TransferItem item) => _steps.Post(() => _waiting.Enqueue(item));

        /// <summary>No more files will come: the driver ends once every file is done.</summary>
        public void Complete() => _steps.Post(() => _noMore = true);

        /// <summary>Drives every file until all are done or Ctrl+C; then lets the fallback lanes end too.</summary>
        public void Run(CancellationToken cancellation)
        {
            // The fallback lanes run beside the driver, on threads of their own: no second slot of the command's worker queue.
            var fallback = new Thread(() => RunFallback(cancellation)) { IsBackground = true, Name = "RescaleSsh small uploads fallback" };
            fallback.Start();
            try
            {
                Drive(cancellation);
            }
            finally
            {
                _steps.End();
                _fallback.Complete();
                fallback.Join();
            }
            cancellation.ThrowIfCancellationRequested();
        }

        private void RunFallback(CancellationToken cancellation)
        {
            try
            {
                _fallback.Run(cancellation);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: the driver reports it.
            }
        }

        private void Drive(CancellationToken cancellation)
        {
            while (!cancellation.IsCancellationRequested)
            {
                while (_inFlight.Count < Width && _waiting.Count > 0) Start(_waiting.Dequeue());
                if (_noMore && _waiting.Count == 0 && _inFlight.Count == 0) return;
                // A request on a connection that broke is never answered: the usual path reports each file.
                if (!_steps.RunPosted(TimeSpan.FromMilliseconds(100)) && !_requests.IsConnected) GiveUpAll();
            }
        }

        private void Start(TransferItem item)
        {
            var file = new SmallUpload(item, _steps, Answered);
            _inFlight.Add(file);
            if (_broken)
            {
                Fall(file);
                return;
            }
            try
            {
                _connection.Hooks.BeforeCopy?.Invoke(item.SourcePath);
                _progress?.Started(DisplayText.Visible(item.SourceDisplay));
                file.Data = ReadSmallFile(item.SourcePath);
                if (file.Data == null)
                {
                    Fall(file);
                    return;
                }
                file.At = SmallUpload.Step.Opening;
                _sftp.Open(_session, file.TemporaryPath, SftpRequests.WriteFlag | SftpRequests.CreateNewFlag, file);
            }
            catch (Exception ex) when (CannotGoOn(ex))
            {
                Fall(file);
            }
        }

        /// <summary>The whole file, or null when it is no longer small (the usual path then takes it).</summary>
        private static byte[] ReadSmallFile(string path)
        {
            using (var local = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan))
            {
                if (local.Length > FileUploader.TinyFileBytes) return null;
                var data = new byte[local.Length];
                int length = 0, read;
                while (length < data.Length && (read = local.Read(data, length, data.Length - length)) > 0) length += read;
                if (length == data.Length) return data;
                Array.Resize(ref data, length);
                return data;
            }
        }

        /// <summary>An answer for <paramref name="file"/>, on the driver thread.</summary>
        private void Answered(SmallUpload file, byte[] handle, Exception error)
        {
            if (!_inFlight.Contains(file)) return;
            if (error != null) file.Failed = true;
            switch (file.At)
            {
                case SmallUpload.Step.Opening:
                    if (file.Failed) Fall(file);
                    else Write(file, handle);
                    break;
                case SmallUpload.Step.Writing:
                    if (--file.AnswersDue > 0) return;
                    if (file.Failed) Fall(file);
                    else Rename(file);
                    break;
                case SmallUpload.Step.Renaming:
                    if (file.Failed) Fall(file);
                    else Done(file);
                    break;
            }
        }

        /// <summary>Writes, fsetstat and close sent together: one round trip for all. The close goes even when a write could not be sent.</summary>
        private void Write(SmallUpload file, byte[] handle)
        {
            file.At = SmallUpload.Step.Writing;
            if (_writeLength == 0) _writeLength = _requests.WriteLength(handle);
            int chunk = (int)_writeLength;
            var data = file.Data;
            file.AnswersDue = 0;
            for (int at = 0; at < data.Length && !file.Failed; at += chunk)
            {
                int from = at;
                Send(file, answer => _sftp.Write(_session, handle, from, data, from, Math.Min(chunk, data.Length - from), answer));
            }
            if (!file.Failed) Send(file, answer => _sftp.Stamp(_requests, handle, file.Item.LastWriteTimeUtc, answer));
            Send(file, answer => _sftp.Close(_session, handle, answer));
            if (file.AnswersDue == 0) Fall(file);
        }

        /// <summary>Sends one request of <paramref name="file"/>'s, counting the answer it waits for; one that cannot be sent fails the file.</summary>
        private static void Send(SmallUpload file, Action<ISftpAnswer> request)
        {
            try
            {
                file.AnswersDue++;
                request(file);
            }
            catch (Exception ex) when (CannotGoOn(ex))
            {
                file.AnswersDue--;
                file.Failed = true;
            }
        }

        private void Rename(SmallUpload file)
        {
            file.At = SmallUpload.Step.Renaming;
            try
            {
                _sftp.PosixRename(_session, file.TemporaryPath, file.Item.DestinationPath, file);
            }
            catch (Exception ex) when (CannotGoOn(ex))
            {
                Fall(file);
            }
        }

        private void Done(SmallUpload file)
        {
            _inFlight.Remove(file);
            var item = file.Item;
            _progress?.Moved(file.Data.Length);
            _progress?.FileDone(item.Length - file.Data.Length);
            _host.WriteVerbose(TransferJob.CopiedNarration(item));
            _host.WriteObject(TransferResult.For(item, TransferDirection.Upload, TransferStatus.Copied, file.Clock.Elapsed, file.Data.Length));
        }

        /// <summary>Hands the file to the usual path, which starts it again from what is on the device and reports its own outcome.</summary>
        private void Fall(SmallUpload file)
        {
            if (!_inFlight.Remove(file)) return;
            _fallback.Add(token => _copyUsually(file.Item, token));
        }

        /// <summary>The connection broke: every file not done goes to the usual path at once, which reports each (ConnectionLost).</summary>
        private void GiveUpAll()
        {
            _broken = true;
            foreach (var file in new List<SmallUpload>(_inFlight)) Fall(file);
            while (_waiting.Count > 0) Start(_waiting.Dequeue());
        }

        /// <summary>
        /// A local read or a send that failed: the file goes to the usual path, which meets the same failure and reports it
        /// (a connection that broke can fail a send with SSH.NET's exceptions, a disposed object or the socket's own error).
        /// </summary>
        private static bool CannotGoOn(Exception ex) =>
            ex is IOException || ex is UnauthorizedAccessException || ex is Renci.SshNet.Common.SshException || ex is ObjectDisposedException ||
            ex is InvalidOperationException || ex is System.Net.Sockets.SocketException;
    }
}
