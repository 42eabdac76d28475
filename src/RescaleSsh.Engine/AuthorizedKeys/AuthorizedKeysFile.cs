using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace RescaleSsh.AuthorizedKeys
{
    /// <summary>
    /// An authorized_keys file held as its original bytes, line by line, so that an edit changes only the
    /// lines it means to: every other byte (a UTF-8 BOM, CRLF or LF line ends, a missing final newline,
    /// comments, options, key types we do not know, lines that are not even valid) is written back as read.
    /// </summary>
    internal sealed class AuthorizedKeysFile
    {
        /// <summary>
        /// The largest authorized_keys read, on a device or locally: 8 MiB, more than 10,000 RSA-4096 key lines (sshd itself
        /// reads any size, line by line). A larger file is refused with AuthorizedKeysTooLarge before it is read, so that
        /// a damaged or hostile file cannot exhaust memory (the file is held whole, as it is rewritten whole).
        /// </summary>
        public const int MaxBytes = 8 * 1024 * 1024;

        private static readonly byte[] Bom = { 0xEF, 0xBB, 0xBF };
        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(false, false);

        private readonly List<RawLine> _lines;
        private readonly bool _bom;

        private sealed class RawLine
        {
            public byte[] Content;
            public byte[] End;
            public AuthorizedKeyLine Parsed;
        }

        private AuthorizedKeysFile(bool bom, List<RawLine> lines)
        {
            _bom = bom;
            _lines = lines;
        }

        public static AuthorizedKeysFile Empty() => new AuthorizedKeysFile(false, new List<RawLine>());

        /// <summary>A local authorized_keys file; a missing one holds no keys, a folder is refused.</summary>
        public static AuthorizedKeysFile ReadLocal(string path)
        {
            if (System.IO.Directory.Exists(path))
            {
                throw new RescaleSshException("AuthorizedKeysPathInvalid", FailureCategory.InvalidArgument,
                    $"'{path}' is a folder. Pass the authorized_keys file itself.", path);
            }
            try
            {
                using (var stream = new System.IO.FileStream(path, System.IO.FileMode.Open, System.IO.FileAccess.Read, System.IO.FileShare.ReadWrite))
                {
                    return Parse(ReadBounded(stream, $"'{path}'", path));
                }
            }
            catch (Exception ex) when (ex is System.IO.FileNotFoundException || ex is System.IO.DirectoryNotFoundException)
            {
                return Empty();
            }
            catch (Exception ex) when (ex is System.IO.IOException || ex is UnauthorizedAccessException)
            {
                throw new RescaleSshException("AuthorizedKeysReadFailed", FailureCategory.ReadError, $"Cannot read '{path}': {ex.Message}", path, ex);
            }
        }

        /// <summary>Reads at most <see cref="MaxBytes"/> (a length the file reported may be wrong, or change while it is read).</summary>
        public static byte[] ReadBounded(System.IO.Stream stream, string where, object target)
        {
            var buffer = new System.IO.MemoryStream();
            var chunk = new byte[64 * 1024];
            int read;
            while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (buffer.Length + read > MaxBytes) throw TooLarge(where, target);
                buffer.Write(chunk, 0, read);
            }
            return buffer.ToArray();
        }

        public static RescaleSshException TooLarge(string where, object target) =>
            new RescaleSshException("AuthorizedKeysTooLarge", FailureCategory.LimitsExceeded,
                $"{where} is larger than the {MaxBytes / 1024 / 1024} MiB RescaleSsh reads as an authorized_keys file (more than 10,000 keys), so it was not read or changed. " +
                "It is probably damaged or not an authorized_keys file: look at it (ssh, or Get-Content locally) and trim it.", target);

        public static AuthorizedKeysFile Parse(byte[] bytes)
        {
            if (bytes == null) return Empty();
            int start = 0;
            bool bom = bytes.Length >= 3 && bytes[0] == Bom[0] && bytes[1] == Bom[1] && bytes[2] == Bom[2];
            if (bom) start = 3;
            var lines = new List<RawLine>();
            while (start < bytes.Length)
            {
                int nl = Array.IndexOf(bytes, (byte)'\n', start);
                int contentEnd = nl < 0 ? bytes.Length : nl;
                int endLength = 0;
                if (nl >= 0)
                {
                    endLength = 1;
                    if (contentEnd > start && bytes[contentEnd - 1] == '\r') { contentEnd--; endLength = 2; }
                }
                var line = new RawLine
                {
                    Content = Slice(bytes, start, contentEnd - start),
                    End = Slice(bytes, contentEnd, endLength),
                };
                line.Parsed = AuthorizedKeyLine.Parse(lines.Count + 1, Utf8.GetString(line.Content));
                lines.Add(line);
                start = nl < 0 ? bytes.Length : nl + 1;
            }
            return new AuthorizedKeysFile(bom, lines);
        }

        public IReadOnlyList<AuthorizedKeyLine> Lines => _lines.Select(l => l.Parsed).ToList();

        public IEnumerable<AuthorizedKeyLine> Keys => _lines.Select(l => l.Parsed).Where(l => l.Kind == AuthorizedKeyLineKind.Key);

        public IEnumerable<AuthorizedKeyLine> MalformedLines => _lines.Select(l => l.Parsed).Where(l => l.Kind == AuthorizedKeyLineKind.Malformed);

        public bool Contains(SshPublicKey key) => Keys.Any(l => l.Key.Equals(key));

        /// <summary>
        /// Appends a key line unless the same key (same blob) is present. Supplies a missing final newline first;
        /// uses CRLF only when the file already ends its lines that way.
        /// </summary>
        public bool Add(AuthorizedKeyLine entry)
        {
            if (Contains(entry.Key)) return false;
            byte[] end = LineEnd();
            if (_lines.Count > 0 && _lines[_lines.Count - 1].End.Length == 0) _lines[_lines.Count - 1].End = end;
            string text = entry.ToAuthorizedKeysLine();
            _lines.Add(new RawLine
            {
                Content = Utf8.GetBytes(text),
                End = end,
                Parsed = AuthorizedKeyLine.Parse(_lines.Count + 1, text),
            });
            return true;
        }

        /// <summary>Gives every line holding <paramref name="key"/> the options <paramref name="options"/>; returns how many lines changed.</summary>
        public int ReplaceOptions(SshPublicKey key, string options)
        {
            int changed = 0;
            foreach (var line in _lines)
            {
                var parsed = line.Parsed;
                if (parsed.Kind != AuthorizedKeyLineKind.Key || !parsed.Key.Equals(key) || parsed.Options == options) continue;
                string text = parsed.WithOptions(options);
                line.Content = Utf8.GetBytes(text);
                line.Parsed = AuthorizedKeyLine.Parse(parsed.LineNumber, text);
                changed++;
            }
            return changed;
        }

        /// <summary>Removes every key line matching <paramref name="match"/>; other lines keep their bytes.</summary>
        public IReadOnlyList<AuthorizedKeyLine> RemoveWhere(Func<AuthorizedKeyLine, bool> match)
        {
            var removed = new List<AuthorizedKeyLine>();
            for (int i = _lines.Count - 1; i >= 0; i--)
            {
                var parsed = _lines[i].Parsed;
                if (parsed.Kind == AuthorizedKeyLineKind.Key && match(parsed))
                {
                    removed.Insert(0, parsed);
                    _lines.RemoveAt(i);
                }
            }
            return removed;
        }

        public byte[] ToBytes()
        {
            int length = (_bom ? 3 : 0) + _lines.Sum(l => l.Content.Length + l.End.Length);
            var bytes = new byte[length];
            int at = 0;
            if (_bom) { Buffer.BlockCopy(Bom, 0, bytes, 0, 3); at = 3; }
            foreach (var line in _lines)
            {
                Buffer.BlockCopy(line.Content, 0, bytes, at, line.Content.Length);
                at += line.Content.Length;
                Buffer.BlockCopy(line.End, 0, bytes, at, line.End.Length);
                at += line.End.Length;
            }
            return bytes;
        }

        private byte[] LineEnd()
        {
            int crlf = _lines.Count(l => l.End.Length == 2);
            int lf = _lines.Count(l => l.End.Length == 1);
            return crlf > lf ? new byte[] { (byte)'\r', (byte)'\n' } : new byte[] { (byte)'\n' };
        }

        private static byte[] Slice(byte[] bytes, int start, int length)
        {
            var slice = new byte[length];
            Buffer.BlockCopy(bytes, start, slice, 0, length);
            return slice;
        }
    }
}
