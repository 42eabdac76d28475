using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using RescaleSsh.Platform;

namespace RescaleSsh.Connections
{
    /// <summary>
    /// OpenSSH's known_hosts (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"), read in every form OpenSSH writes:
    /// plain names, <c>[host]:port</c>, hashed <c>|1|salt|hmac</c>, comma lists, wildcards and negations,
    /// several keys per host, and the markers <c>@revoked</c> (a revoked key is refused) and
    /// <c>@cert-authority</c> (skipped: certificates are not trusted by this module).
    /// Read line by line into compact entries (<see cref="KnownHostsEntry"/>); one parsed file serves every connection
    /// of a command through <see cref="KnownHostsCache"/>. Entries are appended in OpenSSH's own plain form under a lock,
    /// after the host's entries are read again: two first contacts racing never record two different keys for one host.
    /// </summary>
    internal sealed class KnownHostsFile
    {
        private static readonly object InProcessGate = new object();

        private readonly List<KnownHostsEntry> _entries;
        /// <summary>The entries for each device name already looked up (hashed names cost an HMAC per line).</summary>
        private readonly ConcurrentDictionary<string, KnownHostsEntry[]> _byName = new ConcurrentDictionary<string, KnownHostsEntry[]>(StringComparer.Ordinal);

        private KnownHostsFile(List<KnownHostsEntry> entries) => _entries = entries;

        public int Count => _entries.Count;

        /// <summary>Several files searched as one, in order (UserKnownHostsFile with several files).</summary>
        public static KnownHostsFile Combine(IEnumerable<KnownHostsFile> files) =>
            new KnownHostsFile(files.SelectMany(f => f._entries).ToList());

        /// <summary>Reads the file; a missing file is an empty one. Malformed lines are skipped, as OpenSSH does.</summary>
        public static KnownHostsFile Load(string path)
        {
            if (!File.Exists(path)) return new KnownHostsFile(new List<KnownHostsEntry>());
            using (var stream = OpenWithRetry(() => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete)))
            {
                return Read(stream);
            }
        }

        /// <summary>Parses from the current position of <paramref name="stream"/> to its end, one line at a time.</summary>
        private static KnownHostsFile Read(Stream stream)
        {
            var entries = new List<KnownHostsEntry>();
            using (var reader = new StreamReader(stream, new UTF8Encoding(false), false, 64 * 1024, leaveOpen: true))
            using (var sha = SHA256.Create())
            {
                string line;
                while ((line = reader.ReadLine()) != null)
                {
                    var entry = KnownHostsEntry.Parse(line, sha);
                    if (entry != null) entries.Add(entry);
                }
            }
            entries.TrimExcess();
            return new KnownHostsFile(entries);
        }

        /// <summary>The entries (markers excluded) whose host patterns match the device, in file order.</summary>
        public IReadOnlyList<KnownHostsEntry> EntriesFor(Device device) =>
            _byName.GetOrAdd(device.KnownHostsName.ToLowerInvariant(), name =>
            {
#pragma warning disable CA5350 // OpenSSH's hashed known_hosts names are HMAC-SHA1 by definition (ssh-keygen -H)
                using (var hmac = new HMACSHA1())
#pragma warning restore CA5350
                {
                    return _entries.Where(e => e.Marker == null && e.Names(name, hmac)).ToArray();
                }
            });

        public bool IsRevoked(byte[] keyBlob)
        {
            byte[] hash = Sha256(keyBlob);
            return _entries.Any(e => e.Marker == "@revoked" && e.IsKey(hash));
        }

        /// <summary>Known if an entry for the host holds this exact key; Changed if the host has entries but none is this key; else New.</summary>
        public HostKeyStatus Check(Device device, byte[] keyBlob, out IReadOnlyList<string> expectedFingerprints)
        {
            var forHost = EntriesFor(device);
            expectedFingerprints = forHost.Select(e => e.Fingerprint).Distinct().ToList();
            if (forHost.Count == 0) return HostKeyStatus.New;
            byte[] hash = Sha256(keyBlob);
            return forHost.Any(e => e.IsKey(hash)) ? HostKeyStatus.Known : HostKeyStatus.Changed;
        }

        /// <summary>Key types already recorded for the device, so the client can ask the server for one of those first.</summary>
        public IReadOnlyList<string> KeyTypesFor(Device device) => EntriesFor(device).Select(e => e.KeyType).Distinct().ToList();

        /// <summary>Whether a known_hosts host field (patterns or a hashed name) names <paramref name="name"/>.</summary>
        internal static bool HostsMatch(string hosts, string name)
        {
#pragma warning disable CA5350 // see EntriesFor
            using (var hmac = new HMACSHA1())
#pragma warning restore CA5350
            {
                return KnownHostsEntry.HostFieldNames(hosts, name.ToLowerInvariant(), hmac);
            }
        }

        private static byte[] Sha256(byte[] data)
        {
            using (var sha = SHA256.Create())
            {
                return sha.ComputeHash(data);
            }
        }

        /// <summary>
        /// Records a host key as OpenSSH does (<c>[host]:port type base64</c>), unless the file, read again under the lock,
        /// already names the host: with this key nothing is written (AlreadyRecorded), with another key nothing is written
        /// and the caller must refuse the connection (OtherKeyRecorded: a concurrent first contact recorded a different key).
        /// Serialised within the process by a lock and across processes by opening the file exclusively (retried for a
        /// bounded time); a missing final newline is supplied. The result carries the file as written, for the cache.
        /// </summary>
        public static KnownHostsAppend Append(string path, Device device, string keyType, byte[] keyBlob)
        {
            string folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!Directory.Exists(folder))
            {
                Directory.CreateDirectory(folder);
                UnixPermissions.TrySetMode(folder, UnixPermissions.OwnerOnlyFolder);
            }

            string line = $"{device.KnownHostsName} {keyType} {Convert.ToBase64String(keyBlob)}\n";
            lock (InProcessGate)
            {
                using (var stream = OpenExclusive(path))
                {
                    var current = Read(stream);
                    var forHost = current.EntriesFor(device);
                    byte[] hash = Sha256(keyBlob);
                    var outcome = forHost.Any(e => e.IsKey(hash)) ? KnownHostsAppend.Outcome.AlreadyRecorded
                        : forHost.Count > 0 ? KnownHostsAppend.Outcome.OtherKeyRecorded
                        : KnownHostsAppend.Outcome.Appended;
                    if (outcome == KnownHostsAppend.Outcome.Appended)
                    {
                        bool endsWithNewline = true;
                        if (stream.Length > 0)
                        {
                            stream.Seek(-1, SeekOrigin.End);
                            endsWithNewline = stream.ReadByte() == '\n';
                        }
                        byte[] bytes = Encoding.UTF8.GetBytes(endsWithNewline ? line : "\n" + line);
                        stream.Seek(0, SeekOrigin.End);
                        stream.Write(bytes, 0, bytes.Length);
                        stream.Flush(true);
                        using (var sha = SHA256.Create()) current._entries.Add(KnownHostsEntry.Parse(line, sha));
                        current._byName.Clear();
                    }
                    var written = new FileInfo(path);
                    return new KnownHostsAppend(outcome, forHost.Select(e => e.Fingerprint).Distinct().ToList(), current, written.Length, written.LastWriteTimeUtc);
                }
            }
        }

        private static FileStream OpenExclusive(string path) =>
            OpenWithRetry(() => new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));

        /// <summary>
        /// A writer holds the file exclusively for the few milliseconds of an append (.NET maps FileShare.None to
        /// an advisory lock other .NET processes honour): readers and writers wait for it, for a bounded time.
        /// </summary>
        private static FileStream OpenWithRetry(Func<FileStream> open)
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            for (int attempt = 0; ; attempt++)
            {
                try
                {
                    return open();
                }
                catch (IOException ex) when (DateTime.UtcNow < deadline && !(ex is FileNotFoundException) && !(ex is DirectoryNotFoundException))
                {
                    Thread.Sleep(Math.Min(5 + attempt, 50));
                }
            }
        }
    }
}
