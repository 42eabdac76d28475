using System;
using System.Collections.Generic;
using System.Reflection;
using System.Threading;
using Renci.SshNet;
using Renci.SshNet.Sftp;

namespace RescaleSsh.Items
{
    /// <summary>
    /// SFTP requests on paths exactly as given, on SSH.NET's own SFTP session (its internal ISftpSession, reached by
    /// reflection on the pinned version, as Transfers' SftpRequests does). SftpClient's public DeleteFile, RenameFile,
    /// CreateDirectory ... first resolve the path with SSH_FXP_REALPATH, which follows links: removing a link that way
    /// removes its target. Here nothing is resolved (callers pass absolute paths). SftpClient.ListDirectory also
    /// collects a whole folder before it returns; here a folder is read one SSH_FXP_READDIR answer at a time (OpenSSH
    /// sends up to 100 names per answer, with lstat attributes), so a 200k-entry folder is never held. When the
    /// internals are not found (another SSH.NET) listing falls back to the public calls (whole folders, stat for
    /// lstat) and every change is refused rather than risk following a link.
    /// </summary>
    internal sealed class SftpPathRequests
    {
        private static readonly Lazy<Api> Methods = new Lazy<Api>(Api.Find, LazyThreadSafetyMode.ExecutionAndPublication);

        private readonly SftpClient _sftp;
        private readonly object _session;
        private readonly Api _api;

        public SftpPathRequests(SftpClient sftp, EngineHooks hooks)
        {
            _sftp = sftp;
            _api = hooks.PublicApiOnly ? null : Methods.Value;
            _session = _api?.SessionProperty.GetValue(sftp);
            if (_session == null) _api = null;
        }

        /// <summary>The entries of <paramref name="folder"/> ("." and ".." left out), one READDIR answer at a time.</summary>
        public IEnumerable<KeyValuePair<string, SftpFileAttributes>> Read(string folder, CancellationToken cancellation)
        {
            if (_api == null)
            {
                foreach (var file in _sftp.ListDirectory(folder))
                {
                    cancellation.ThrowIfCancellationRequested();
                    if (file.Name != "." && file.Name != "..") yield return new KeyValuePair<string, SftpFileAttributes>(file.Name, file.Attributes);
                }
                yield break;
            }
            var handle = Call<byte[]>(_api.OpenDir, folder);
            try
            {
                while (true)
                {
                    cancellation.ThrowIfCancellationRequested();
                    var batch = Call<KeyValuePair<string, SftpFileAttributes>[]>(_api.ReadDir, handle);
                    if (batch == null) yield break;
                    foreach (var entry in batch)
                    {
                        if (entry.Key != "." && entry.Key != "..") yield return entry;
                    }
                }
            }
            finally
            {
                try { Call<object>(_api.Close, handle); } catch (Exception ex) when (!(ex is OutOfMemoryException)) { /* the link broke: the read already failed */ }
            }
        }

        /// <summary>The attributes of <paramref name="path"/> itself (a link is not followed).</summary>
        public SftpFileAttributes LStat(string path) =>
            _api == null ? _sftp.GetAttributes(path) : Call<SftpFileAttributes>(_api.LStat, path);

        /// <summary>The attributes of what <paramref name="path"/> leads to (links followed).</summary>
        public SftpFileAttributes Stat(string path) => _sftp.GetAttributes(path);

        /// <summary>The device's canonical absolute path (SSH_FXP_REALPATH: links resolved).</summary>
        public string RealPath(string path) => _api == null ? _sftp.Get(path).FullName : Call<string>(_api.RealPath, path);

        public void Remove(string path) => Change(_api?.Remove, path);

        public void RemoveDirectory(string path) => Change(_api?.RmDir, path);

        public void CreateDirectory(string path) => Change(_api?.MkDir, path);

        /// <summary>SSH_FXP_RENAME: OpenSSH refuses it when <paramref name="to"/> exists.</summary>
        public void Rename(string from, string to) => Change(_api?.Rename, from, to);

        /// <summary>posix-rename@openssh.com: replaces <paramref name="to"/> atomically.</summary>
        public void PosixRename(string from, string to) => Change(_api?.PosixRename, from, to);

        private void Change(MethodInfo method, params object[] arguments)
        {
            if (method == null)
            {
                throw new RescaleSshException("RawRequestsUnavailable", FailureCategory.NotImplemented,
                    "This SSH.NET lacks the requests that change an item without following links; nothing was changed. Reinstall the module.");
            }
            Call<object>(method, arguments);
        }

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
            public MethodInfo OpenDir, ReadDir, Close, LStat, RealPath, Remove, RmDir, MkDir, Rename, PosixRename;

            public static Api Find()
            {
                try
                {
                    var session = typeof(SftpClient).Assembly.GetType("Renci.SshNet.Sftp.ISftpSession", false);
                    if (session == null) return null;
                    var api = new Api
                    {
                        SessionProperty = typeof(SftpClient).GetProperty("SftpSession", BindingFlags.Instance | BindingFlags.NonPublic),
                        OpenDir = session.GetMethod("RequestOpenDir", new[] { typeof(string) }),
                        ReadDir = session.GetMethod("RequestReadDir", new[] { typeof(byte[]) }),
                        Close = session.GetMethod("RequestClose", new[] { typeof(byte[]) }),
                        LStat = session.GetMethod("RequestLStat", new[] { typeof(string) }),
                        RealPath = session.GetMethod("GetCanonicalPath", new[] { typeof(string) }),
                        Remove = session.GetMethod("RequestRemove", new[] { typeof(string) }),
                        RmDir = session.GetMethod("RequestRmDir", new[] { typeof(string) }),
                        MkDir = session.GetMethod("RequestMkDir", new[] { typeof(string) }),
                        Rename = session.GetMethod("RequestRename", new[] { typeof(string), typeof(string) }),
                        PosixRename = session.GetMethod("RequestPosixRename", new[] { typeof(string), typeof(string) }),
                    };
                    bool complete = api.SessionProperty != null && api.OpenDir?.ReturnType == typeof(byte[]) &&
                                    api.ReadDir?.ReturnType == typeof(KeyValuePair<string, SftpFileAttributes>[]) && api.Close != null &&
                                    api.LStat?.ReturnType == typeof(SftpFileAttributes) && api.RealPath?.ReturnType == typeof(string) &&
                                    api.Remove != null && api.RmDir != null && api.MkDir != null && api.Rename != null && api.PosixRename != null;
                    return complete ? api : null;
                }
                catch (Exception ex) when (ex is AmbiguousMatchException || ex is TypeLoadException || ex is ReflectionTypeLoadException)
                {
                    return null;
                }
            }
        }
    }
}
