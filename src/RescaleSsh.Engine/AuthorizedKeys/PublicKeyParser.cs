using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace RescaleSsh.AuthorizedKeys
{
    /// <summary>
    /// Reads OpenSSH public keys: the one-line form <c>type base64 [comment]</c> (sshd(8) "AUTHORIZED_KEYS FILE
    /// FORMAT", with or without leading options), whole .pub files (several keys, CRLF, a UTF-8 BOM, blank and
    /// # lines), and the RFC 4716 "SSH2 PUBLIC KEY" blocks PuTTYgen's "Save public key" writes. Anything that is
    /// a private key is refused without ever echoing its text.
    /// </summary>
    internal static class PublicKeyParser
    {
        private static readonly HashSet<string> KnownTypes = new HashSet<string>(StringComparer.Ordinal)
        {
            "ssh-ed25519", "ssh-ed25519-cert-v01@openssh.com",
            "sk-ssh-ed25519@openssh.com", "sk-ssh-ed25519-cert-v01@openssh.com",
            "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
            "ecdsa-sha2-nistp256-cert-v01@openssh.com", "ecdsa-sha2-nistp384-cert-v01@openssh.com", "ecdsa-sha2-nistp521-cert-v01@openssh.com",
            "sk-ecdsa-sha2-nistp256@openssh.com", "sk-ecdsa-sha2-nistp256-cert-v01@openssh.com",
            "ssh-rsa", "ssh-rsa-cert-v01@openssh.com",
            "ssh-dss", "ssh-dss-cert-v01@openssh.com",
            "ssh-xmss@openssh.com", "ssh-xmss-cert-v01@openssh.com",
        };

        /// <summary>A public key file is a few KiB at most; anything far larger is refused before it is read. -PublicKey values too.</summary>
        internal const long MaxFileLength = 1024 * 1024;

        /// <summary>
        /// The longest key line taken as input: OpenSSH's SSH_MAX_PUBKEY_BYTES (16 KiB), the line buffer its .pub reader used
        /// for years; an RSA-16384 key line with a comment is under 3 KiB.
        /// </summary>
        internal const int MaxKeyLineLength = 16 * 1024;

        public static bool IsKnownKeyType(string type) => KnownTypes.Contains(type);

        /// <summary>The text of a .pub (or authorized_keys-style) file, refusing one far too large to be a public key file.</summary>
        public static string ReadKeyFile(string file)
        {
            try
            {
                var info = new System.IO.FileInfo(file);
                if (info.Length > MaxFileLength)
                {
                    throw NotAPublicKey(file, $"'{file}' is {info.Length} bytes, far too large for a public key file. Pass the .pub file.");
                }
                return new UTF8Encoding(false, false).GetString(System.IO.File.ReadAllBytes(file));
            }
            catch (Exception ex) when (ex is System.IO.IOException || ex is UnauthorizedAccessException)
            {
                throw new RescaleSshException("PublicKeyFileUnreadable", FailureCategory.ReadError, $"Cannot read the public key file '{file}': {ex.Message}", file, ex);
            }
        }

        /// <summary>
        /// Parses <c>type base64 [comment]</c>. The type must be one sshd knows, or at least the one the blob itself
        /// names (so a type we do not know yet still round-trips); the blob's own type must match the first field.
        /// </summary>
        public static bool TryParseKey(string text, out SshPublicKey key, out string problem)
        {
            key = null;
            int i = SkipBlanks(text, 0);
            int typeEnd = TokenEnd(text, i);
            if (typeEnd == i) { problem = "it holds no key type"; return false; }
            string type = text.Substring(i, typeEnd - i);
            int dataStart = SkipBlanks(text, typeEnd);
            int dataEnd = TokenEnd(text, dataStart);
            if (dataEnd == dataStart) { problem = $"the '{DisplayText.Short(type)}' key has no key data"; return false; }
            byte[] blob;
            try
            {
                blob = Convert.FromBase64String(text.Substring(dataStart, dataEnd - dataStart));
            }
            catch (FormatException)
            {
                problem = "its key data is not base64";
                return false;
            }
            string embedded;
            try
            {
                embedded = new Wire.SshDataReader(blob).ReadText();
            }
            catch (Wire.MalformedDataException)
            {
                problem = "its key data is not an SSH public key";
                return false;
            }
            if (!string.Equals(embedded, type, StringComparison.Ordinal))
            {
                problem = $"its key data is a '{DisplayText.Short(embedded)}' key but the line says '{DisplayText.Short(type)}'";
                return false;
            }
            string comment = text.Substring(SkipBlanks(text, dataEnd)).TrimEnd(' ', '\t', '\r', '\n');
            key = new SshPublicKey(type, blob, comment);
            problem = null;
            return true;
        }

        /// <summary>True when the first field of <paramref name="text"/> starting at <paramref name="start"/> is a key type (rather than options).</summary>
        internal static bool StartsWithKey(string text, int start)
        {
            int end = TokenEnd(text, start);
            string first = text.Substring(start, end - start);
            if (KnownTypes.Contains(first)) return true;
            if (first.IndexOf('=') >= 0 || first.IndexOf('"') >= 0) return false;
            return TryParseKey(text.Substring(start), out _, out _);
        }

        /// <summary>True for text that is, or contains, a private key in any format we or PuTTY know.</summary>
        public static bool LooksLikePrivateKey(string text)
        {
            if (text == null) return false;
            return text.IndexOf("PRIVATE KEY-----", StringComparison.Ordinal) >= 0 ||
                   text.IndexOf("PuTTY-User-Key-File-", StringComparison.Ordinal) >= 0 ||
                   text.IndexOf("SSH PRIVATE KEY FILE FORMAT", StringComparison.Ordinal) >= 0 ||
                   text.IndexOf("---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----", StringComparison.Ordinal) >= 0;
        }

        /// <summary>
        /// Every key in a .pub file or -PublicKey value, with any options written before it. Throws NotAPublicKey
        /// (naming <paramref name="source"/> and a line number, never the text) when something is not a public key.
        /// </summary>
        public static IReadOnlyList<AuthorizedKeyLine> ParseKeys(string text, string source, object target = null)
        {
            target = target ?? source;
            if (text == null) text = string.Empty;
            if (text.Length > 0 && text[0] == '\uFEFF') text = text.Substring(1);
            if (LooksLikePrivateKey(text))
            {
                throw NotAPublicKey(target,
                    $"{Capitalized(source)} holds a private key, which must never leave your computer. Pass the public key instead (the .pub file beside it, or Get-RescaleKey's PublicKey).");
            }
            string[] lines = text.Replace("\r\n", "\n").Split('\n');
            CheckLines(lines, source, target);
            var keys = new List<AuthorizedKeyLine>();
            for (int n = 0; n < lines.Length; n++)
            {
                string line = lines[n];
                if (line.Trim().StartsWith("---- BEGIN SSH2 PUBLIC KEY ----", StringComparison.Ordinal))
                {
                    keys.Add(ReadRfc4716(lines, ref n, source, target));
                    continue;
                }
                var parsed = AuthorizedKeyLine.Parse(n + 1, line);
                switch (parsed.Kind)
                {
                    case AuthorizedKeyLineKind.Blank:
                    case AuthorizedKeyLineKind.Comment:
                        break;
                    case AuthorizedKeyLineKind.Key:
                        keys.Add(parsed);
                        break;
                    default:
                        throw NotAPublicKey(target, $"Line {n + 1} of {source} is not an OpenSSH public key ({parsed.Problem}). Pass public keys as 'type base64 comment' lines, e.g. the .pub file ssh-keygen or New-RescaleKeyPair writes.");
                }
            }
            if (keys.Count == 0)
            {
                throw NotAPublicKey(target, $"{Capitalized(source)} holds no public key. Pass a .pub file or an OpenSSH public key line ('ssh-ed25519 AAAA... comment').");
            }
            return keys;
        }

        /// <summary>
        /// What would make one input line look like two keys in authorized_keys, or end a line early for sshd: a carriage
        /// return not followed by a line feed, or a NUL. And lines no key comes near in length. Checked before anything is parsed.
        /// </summary>
        private static void CheckLines(string[] lines, string source, object target)
        {
            long total = 0;
            for (int n = 0; n < lines.Length; n++) total += lines[n].Length + 1;
            if (total > MaxFileLength)
            {
                throw NotAPublicKey(target, $"{Capitalized(source)} is {Count(total)} characters long, far too long for public keys (at most {Count(MaxFileLength)}, as for a .pub file).");
            }
            for (int n = 0; n < lines.Length; n++)
            {
                string line = lines[n];
                string problem = line.Length > MaxKeyLineLength ? $"is {Count(line.Length)} characters long; a public key line is at most {Count(MaxKeyLineLength)}"
                    : line.IndexOf('\r') >= 0 ? "holds a carriage return (CR) that is not a line end, which would show the line as two keys"
                    : line.IndexOf('\0') >= 0 ? "holds a NUL character, which ends the line early for sshd"
                    : null;
                if (problem != null)
                {
                    throw NotAPublicKey(target, $"Line {n + 1} of {source} {problem}. Pass the key as one line, exactly as the .pub file holds it.");
                }
            }
        }

        /// <summary>RFC 4716 section 3: header lines (with '\' continuations), then base64 until the END line.</summary>
        private static AuthorizedKeyLine ReadRfc4716(string[] lines, ref int n, string source, object target)
        {
            int first = n + 1;
            string comment = string.Empty;
            var body = new StringBuilder();
            bool inHeaders = true;
            for (n = n + 1; n < lines.Length; n++)
            {
                string line = lines[n].Trim();
                if (line.StartsWith("---- END SSH2 PUBLIC KEY ----", StringComparison.Ordinal))
                {
                    byte[] blob;
                    string type;
                    try
                    {
                        blob = Convert.FromBase64String(body.ToString());
                        type = new Wire.SshDataReader(blob).ReadText();
                    }
                    catch (Exception ex) when (ex is FormatException || ex is Wire.MalformedDataException)
                    {
                        throw NotAPublicKey(target, $"The SSH2 public key block at line {first} of {source} does not hold a valid key.");
                    }
                    var key = new SshPublicKey(type, blob, comment);
                    return AuthorizedKeyLine.Parse(first, key.ToLine());
                }
                if (inHeaders && line.IndexOf(':') > 0 && line.IndexOf(':') < 64 && !IsBase64Line(line))
                {
                    string header = line;
                    while (header.EndsWith("\\", StringComparison.Ordinal) && n + 1 < lines.Length)
                    {
                        header = header.Substring(0, header.Length - 1) + lines[++n].Trim();
                    }
                    int colon = header.IndexOf(':');
                    string name = header.Substring(0, colon).Trim();
                    string value = header.Substring(colon + 1).Trim();
                    if (value.Length >= 2 && value[0] == '"' && value[value.Length - 1] == '"') value = value.Substring(1, value.Length - 2);
                    if (string.Equals(name, "Comment", StringComparison.OrdinalIgnoreCase)) comment = value;
                    continue;
                }
                inHeaders = false;
                body.Append(line);
            }
            throw NotAPublicKey(target, $"The SSH2 public key block at line {first} of {source} has no END line.");
        }

        private static bool IsBase64Line(string line) =>
            line.All(c => (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=');

        internal static RescaleSshException NotAPublicKey(object target, string message) =>
            new RescaleSshException("NotAPublicKey", FailureCategory.InvalidData, message, target);

        private static string Count(long n) => n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

        private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);

        internal static int SkipBlanks(string text, int i)
        {
            while (i < text.Length && (text[i] == ' ' || text[i] == '\t')) i++;
            return i;
        }

        internal static int TokenEnd(string text, int i)
        {
            while (i < text.Length && text[i] != ' ' && text[i] != '\t') i++;
            return i;
        }
    }
}
