using System;
using System.Security.Cryptography;
using System.Text;

namespace RescaleSsh.Connections
{
    /// <summary>
    /// One known_hosts line that names hosts and a key (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"), held compactly because a
    /// file may have a million of them: host patterns lower-cased once, a hashed name's salt and HMAC decoded once, and
    /// the key as its SHA-256 (what fingerprints show and what a key offered is compared by) instead of the whole blob.
    /// </summary>
    internal sealed class KnownHostsEntry
    {
        private static readonly char[] FieldSeparators = { ' ', '\t' };

        private KnownHostsEntry(string marker, string patterns, byte[] salt, byte[] hmac, string keyType, byte[] keyHash)
        {
            Marker = marker;
            _patterns = patterns;
            _salt = salt;
            _hmac = hmac;
            KeyType = keyType;
            KeyHash = keyHash;
        }

        private readonly string _patterns;
        private readonly byte[] _salt;
        private readonly byte[] _hmac;

        /// <summary>@revoked, @cert-authority, or null.</summary>
        public string Marker { get; }
        public string KeyType { get; }
        /// <summary>SHA-256 of the key blob.</summary>
        public byte[] KeyHash { get; }
        /// <summary>As ssh-keygen -l prints it (<see cref="Wire.Fingerprint.Sha256"/> of the blob).</summary>
        public string Fingerprint => "SHA256:" + Convert.ToBase64String(KeyHash).TrimEnd('=');

        /// <summary>The host patterns as written (lower-cased), or null for a hashed name (|1|…), which cannot be read back.</summary>
        public string PlainHosts => _salt == null ? _patterns : null;

        public bool IsKey(byte[] keyHash) => Wire.Bytes.Equal(KeyHash, keyHash);

        /// <summary>Parses one line; null for blank, comment and malformed lines (OpenSSH skips those too).</summary>
        public static KnownHostsEntry Parse(string line, SHA256 sha)
        {
            string text = line.Trim();
            if (text.Length == 0 || text[0] == '#') return null;
            var fields = text.Split(FieldSeparators, StringSplitOptions.RemoveEmptyEntries);
            int i = 0;
            string marker = null;
            if (fields[0].StartsWith("@", StringComparison.Ordinal)) marker = string.Intern(fields[i++].ToLowerInvariant());
            if (fields.Length < i + 3) return null;
            byte[] keyHash;
            try
            {
                keyHash = sha.ComputeHash(Convert.FromBase64String(fields[i + 2]));
            }
            catch (FormatException)
            {
                return null;
            }
            string hosts = fields[i];
            string keyType = string.Intern(fields[i + 1]);
            if (!hosts.StartsWith("|1|", StringComparison.Ordinal)) return new KnownHostsEntry(marker, hosts.ToLowerInvariant(), null, null, keyType, keyHash);
            var parts = hosts.Split('|');
            if (parts.Length != 4) return null;
            try
            {
                return new KnownHostsEntry(marker, null, Convert.FromBase64String(parts[2]), Convert.FromBase64String(parts[3]), keyType, keyHash);
            }
            catch (FormatException)
            {
                return null;
            }
        }

        /// <summary>Whether the host field names <paramref name="lowerName"/> (a device's known_hosts name, lower-cased).</summary>
        public bool Names(string lowerName, HMAC hmac) =>
            _patterns != null ? PatternsMatch(_patterns, lowerName) : HashedMatch(_salt, _hmac, lowerName, hmac);

        /// <summary>A host field as written in the file, plain or hashed, tested against a lower-cased name.</summary>
        internal static bool HostFieldNames(string hosts, string lowerName, HMAC hmac)
        {
            if (!hosts.StartsWith("|1|", StringComparison.Ordinal)) return PatternsMatch(hosts.ToLowerInvariant(), lowerName);
            var parts = hosts.Split('|');
            if (parts.Length != 4) return false;
            try
            {
                return HashedMatch(Convert.FromBase64String(parts[2]), Convert.FromBase64String(parts[3]), lowerName, hmac);
            }
            catch (FormatException)
            {
                return false;
            }
        }

        /// <summary>A comma list of patterns (* and ?), any of which may be negated with !: a matching negation wins.</summary>
        internal static bool PatternsMatch(string lowerPatterns, string lowerName)
        {
            bool matched = false;
            int start = 0;
            while (start <= lowerPatterns.Length)
            {
                int end = lowerPatterns.IndexOf(',', start);
                if (end < 0) end = lowerPatterns.Length;
                bool negated = end > start && lowerPatterns[start] == '!';
                int from = negated ? start + 1 : start;
                if (WildcardMatch(lowerPatterns, from, end, lowerName))
                {
                    if (negated) return false;
                    matched = true;
                }
                start = end + 1;
            }
            return matched;
        }

        /// <summary><c>|1|salt|hmac</c> (ssh-keygen -H): HMAC-SHA1 keyed by the salt over the name.</summary>
        private static bool HashedMatch(byte[] salt, byte[] expected, string lowerName, HMAC hmac)
        {
            hmac.Key = salt;
            return Wire.Bytes.Equal(hmac.ComputeHash(Encoding.UTF8.GetBytes(lowerName)), expected);
        }

        private static bool WildcardMatch(string pattern, int p, int patternEnd, string text)
        {
            int t = 0, star = -1, mark = 0;
            while (t < text.Length)
            {
                if (p < patternEnd && (pattern[p] == '?' || pattern[p] == text[t])) { p++; t++; }
                else if (p < patternEnd && pattern[p] == '*') { star = p++; mark = t; }
                else if (star >= 0) { p = star + 1; t = ++mark; }
                else return false;
            }
            while (p < patternEnd && pattern[p] == '*') p++;
            return p == patternEnd;
        }
    }
}
