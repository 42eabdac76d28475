using System;
using System.Collections.Generic;
using System.Reflection;
using System.Threading;
using Renci.SshNet;
using Renci.SshNet.Sftp;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// The SSH.NET internals <see cref="SftpRequests"/> calls (the pinned version's ISftpSession methods, found once by
    /// reflection), and the attribute values it sends; <see cref="Find"/> returns null when any is missing.
    /// </summary>
    internal sealed class SftpRequestApi
    {
        public PropertyInfo SessionProperty;
        public MethodInfo Open, Write, Close, FSetStat, PosixRename, OptimalWriteLength, OptimalReadLength;
        public MethodInfo Rename, LStat, Stat, Remove, RmDir, MkDir, SetStat, CanonicalPath, OpenDir, ReadDir;
        /// <summary>SftpSession's extensions from the server's SSH_FXP_VERSION (name → version); optional: null keeps writes small.</summary>
        public FieldInfo Extensions;
        public SftpReadRequests Reads;
        public SftpPendingRequests Pending;
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

        /// <summary>Attributes carrying only the size.</summary>
        public SftpFileAttributes Size(long length)
        {
            var epoch = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            var attributes = (SftpFileAttributes)AttributesConstructor.Invoke(new object[] { epoch, epoch, length + 1, 0, 0, 0u, null });
            attributes.Size = length;
            return attributes;
        }

        public static SftpRequestApi Find()
        {
            try
            {
                var assembly = typeof(SftpClient).Assembly;
                var session = assembly.GetType("Renci.SshNet.Sftp.ISftpSession", false);
                var flags = assembly.GetType("Renci.SshNet.Sftp.Flags", false);
                if (session == null || flags == null) return null;
                var api = new SftpRequestApi
                {
                    SessionProperty = typeof(SftpClient).GetProperty("SftpSession", BindingFlags.Instance | BindingFlags.NonPublic),
                    FlagsType = flags,
                    Open = session.GetMethod("RequestOpen", new[] { typeof(string), flags }),
                    Write = session.GetMethod("RequestWrite", new[] { typeof(byte[]), typeof(ulong), typeof(byte[]), typeof(int), typeof(int), typeof(AutoResetEvent) }),
                    Close = session.GetMethod("RequestClose", new[] { typeof(byte[]) }),
                    FSetStat = session.GetMethod("RequestFSetStat", new[] { typeof(byte[]), typeof(SftpFileAttributes) }),
                    PosixRename = session.GetMethod("RequestPosixRename", new[] { typeof(string), typeof(string) }),
                    OptimalWriteLength = session.GetMethod("CalculateOptimalWriteLength", new[] { typeof(uint), typeof(byte[]) }),
                    OptimalReadLength = session.GetMethod("CalculateOptimalReadLength", new[] { typeof(uint) }),
                    Rename = session.GetMethod("RequestRename", new[] { typeof(string), typeof(string) }),
                    LStat = session.GetMethod("RequestLStat", new[] { typeof(string) }),
                    Stat = session.GetMethod("RequestStat", new[] { typeof(string) }),
                    Remove = session.GetMethod("RequestRemove", new[] { typeof(string) }),
                    RmDir = session.GetMethod("RequestRmDir", new[] { typeof(string) }),
                    MkDir = session.GetMethod("RequestMkDir", new[] { typeof(string) }),
                    SetStat = session.GetMethod("RequestSetStat", new[] { typeof(string), typeof(SftpFileAttributes) }),
                    CanonicalPath = session.GetMethod("GetCanonicalPath", new[] { typeof(string) }),
                    OpenDir = session.GetMethod("RequestOpenDir", new[] { typeof(string) }),
                    ReadDir = session.GetMethod("RequestReadDir", new[] { typeof(byte[]) }),
                    AttributesConstructor = typeof(SftpFileAttributes).GetConstructor(BindingFlags.Instance | BindingFlags.NonPublic, null,
                        new[] { typeof(DateTime), typeof(DateTime), typeof(long), typeof(int), typeof(int), typeof(uint), typeof(Dictionary<string, string>) }, null),
                };
                api.Extensions = assembly.GetType("Renci.SshNet.Sftp.SftpSession", false)?.GetField("_supportedExtensions", BindingFlags.Instance | BindingFlags.NonPublic);
                api.Reads = SftpReadRequests.Find(assembly);
                api.Pending = SftpPendingRequests.Find(assembly, session);
                bool complete = api.Reads != null && api.Pending != null && api.SessionProperty != null && api.Open != null && api.Write != null && api.Open.ReturnType == typeof(byte[]) &&
                                api.Close != null && api.FSetStat != null && api.PosixRename != null && api.OptimalWriteLength != null &&
                                api.OptimalReadLength != null && api.AttributesConstructor != null && api.Rename != null &&
                                api.LStat?.ReturnType == typeof(SftpFileAttributes) && api.Stat?.ReturnType == typeof(SftpFileAttributes) && api.Remove != null && api.RmDir != null && api.MkDir != null && api.SetStat != null &&
                                api.CanonicalPath?.ReturnType == typeof(string) && api.OpenDir != null &&
                                api.ReadDir?.ReturnType == typeof(KeyValuePair<string, SftpFileAttributes>[]);
                return complete ? api : null;
            }
            catch (Exception)
            {
                return null;
            }
        }
    }
}
