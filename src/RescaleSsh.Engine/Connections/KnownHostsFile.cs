using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using RescaleSsh.Wire;
using RescaleSsh.Platform;

namespace RescaleSsh.Connections
{
    /// <summary>
    /// OpenSSH's known_hosts (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"), read in every form OpenSSH writes:
    /// plain names, <c>[host]:port</c>, hashed <c>|1|salt|hmac</c>, comma lists, wildcards and negations,
    /// several keys per host, and the markers <c>@revoked</c> (a revoked key is refused) and
    /// <c>@cert-authority</c> (skipped: certificates are not trusted by this module).
    /// Entries are appended in OpenSSH's own plain form, under a lock, so that many concurrent
    /// connections recording new hosts neither lose nor corrupt lines.
    /// </summary>
    internal sealed class KnownHostsFile
    {
        private static readonly char[] FieldSeparators = { ' ', '\t' };

        private static readonly object InProcessGate = new object();

        private readonly List<Entry> _entries;

        private KnownHostsFile(List<Entry> entries) => _entries = entries;

        internal sealed class Entry
        {
            public string Marker { get; set; }
            public string Hosts { get; set; }
            public string KeyType { get; set; }
            public byte[] KeyBlob { get; set; }
            public string Fingerprint => Wire.Fingerprint.Sha256(KeyBlob);
        }

        /// <summary>Reads the file; a missing file is an empty one. Malformed lines are skipped, as OpenSSH does.</summary>
        public static KnownHostsFile Load(string path)
        {
            var entries = new List<Entry>();
            if (!File.Exists(path)) return new KnownHostsFile(entries);
            using (var stream = OpenWithRetry(() => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete)))
            using (var reader = new StreamReader(stream, new UTF8Encoding(false)))
            {
                string line;
                while ((line = reader.ReadLine()) != null)
                {
                    var entry = ParseLine(line);
                    if (entry != null) entries.Add(entry);
                }
            }
            return new KnownHostsFile(entries);
        }

        internal static Entry ParseLine(string line)
        {
            string text = line.Trim();
            if (text.Length == 0 || text[0] == '#') return null;
            var fields = text.Split(FieldSeparators, StringSplitOptions.RemoveEmptyEntries);
            int i = 0;
            string marker = null;
            if (fields[0].StartsWith("@", StringComparison.Ordinal)) marker = fields[i++];
            if (fields.Length < i + 3) return null;
            try
            {
                return new Entry { Marker = marker, Hosts = fields[i], KeyType = fields[i + 1], KeyBlob = Convert.FromBase64String(fields[i + 2]) };
            }
            catch (FormatException)
            {
                return null;
            }
        }

        /// <summary>The entries (markers excluded) whose host patterns match the device.</summary>
        public IEnumerable<Entry> EntriesFor(Device device) =>
            _entries.Where(e => e.Marker == null && HostsMatch(e.Hosts, device.KnownHostsName));

        public bool IsRevoked(byte[] keyBlob) =>
            _entries.Any(e => string.Equals(e.Marker, "@revoked", StringComparison.OrdinalIgnoreCase) && e.KeyBlob.SequenceEqual(keyBlob));

        /// <summary>Known if an entry for the host holds this exact key; Changed if the host has entries but none is this key; else New.</summary>
        public HostKeyStatus Check(Device device, byte[] keyBlob, out IReadOnlyList<string> expectedFingerprints)
        {
            var forHost = EntriesFor(device).ToList();
            expectedFingerprints = forHost.Select(e => e.Fingerprint).Distinct().ToList();
            if (forHost.Count == 0) return HostKeyStatus.New;
            return forHost.Any(e => e.KeyBlob.SequenceEqual(keyBlob)) ? HostKeyStatus.Known : HostKeyStatus.Changed;
        }

        /// <summary>Key types already recorded for the device, so the client can ask the server for one of those first.</summary>
        public IReadOnlyList<string> KeyTypesFor(Device device) => EntriesFor(device).Select(e => e.KeyType).Distinct().ToList();

        internal static bool HostsMatch(string patterns, string name)
        {
            if (patterns.StartsWith("|1|", StringComparison.Ordinal)) return HashedMatch(patterns, name);
            bool matched = false;
            foreach (var raw in patterns.Split(','))
            {
                bool negated = raw.StartsWith("!", StringComparison.Ordinal);
                string pattern = negated ? raw.Substring(1) : raw;
                if (WildcardMatch(pattern.ToLowerInvariant(), name.ToLowerInvariant()))
                {
                    if (negated) return false;
                    matched = true;
                }
            }
            return matched;
        }

        private static bool HashedMatch(string field, string name)
        {
            var parts = field.Split('|');
            if (parts.Length != 4) return false;
            try
            {
                byte[] salt = Convert.FromBase64String(parts[2]);
                byte[] expected = Convert.FromBase64String(parts[3]);
#pragma warning disable CA5350 // OpenSSH's hashed known_hosts names are HMAC-SHA1 by definition (ssh-keygen -H)
                using (var hmac = new HMACSHA1(salt))
#pragma warning restore CA5350
                {
                    return hmac.ComputeHash(Encoding.UTF8.GetBytes(name.ToLowerInvariant())).SequenceEqual(expected);
                }
            }
            catch (FormatException)
            {
                return false;
            }
        }

        private static bool WildcardMatch(string pattern, string text)
        {
            int p = 0, t = 0, star = -1, mark = 0;
            while (t < text.Length)
            {
                if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t])) { p++; t++; }
                else if (p < pattern.Length && pattern[p] == '*') { star = p++; mark = t; }
                else if (star >= 0) { p = star + 1; t = ++mark; }
                else return false;
            }
            while (p < pattern.Length && pattern[p] == '*') p++;
            return p == pattern.Length;
        }

        /// <summary>
        /// Records a host key as OpenSSH does (<c>[host]:port type base64</c>). Serialised within the process by a
        /// lock and across processes by opening the file exclusively (retried for a bounded time); an entry
        /// that another writer recorded meanwhile is not written twice, and a missing final newline is supplied.
        /// </summary>
        public static void Append(string path, Device device, string keyType, byte[] keyBlob)
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
                    var existing = ReadAll(stream);
                    var text = Encoding.UTF8.GetString(existing);
                    foreach (var current in text.Split('\n'))
                    {
                        var entry = ParseLine(current);
                        if (entry != null && entry.Marker == null && entry.KeyType == keyType &&
                            entry.KeyBlob.SequenceEqual(keyBlob) && HostsMatch(entry.Hosts, device.KnownHostsName)) return;
                    }
                    string toWrite = existing.Length > 0 && existing[existing.Length - 1] != (byte)'\n' ? "\n" + line : line;
                    byte[] bytes = Encoding.UTF8.GetBytes(toWrite);
                    stream.Seek(0, SeekOrigin.End);
                    stream.Write(bytes, 0, bytes.Length);
                    stream.Flush(true);
                }
            }
        }

        private static byte[] ReadAll(FileStream stream)
        {
            using (var memory = new MemoryStream())
            {
                stream.Seek(0, SeekOrigin.Begin);
                stream.CopyTo(memory);
                return memory.ToArray();
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
