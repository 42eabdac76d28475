using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace RescaleSsh.SshConfig
{
    /// <summary>
    /// The file names an Include pattern names, as glob(3) finds them for ssh: <c>*</c>, <c>?</c> and <c>[…]</c> in
    /// any path segment, hidden files only when the segment starts with a dot, results sorted by byte order; a
    /// pattern without wildcards names its file whether or not it exists (ssh then skips a missing file).
    /// </summary>
    internal static class IncludeGlob
    {
        private const int MaxMatches = 4096;
        private static readonly char[] Wildcards = { '*', '?', '[' };
        private static readonly char[] Separators = { '/', Path.DirectorySeparatorChar };

        internal static IReadOnlyList<string> Expand(string pattern)
        {
            if (pattern.IndexOfAny(Wildcards) < 0) return File.Exists(pattern) || Directory.Exists(pattern) ? new[] { pattern } : Array.Empty<string>();
            bool rooted = pattern.StartsWith("/", StringComparison.Ordinal);
            string root = rooted ? "/" : Path.GetPathRoot(pattern);
            string[] segments = pattern.Substring(root.Length).Split(Separators, StringSplitOptions.RemoveEmptyEntries);
            var current = new List<string> { root.Length == 0 ? "." : root };
            for (int s = 0; s < segments.Length; s++)
            {
                bool last = s == segments.Length - 1;
                var next = new List<string>();
                foreach (string folder in current)
                {
                    if (!HasWildcard(segments[s]))
                    {
                        string candidate = Path.Combine(folder, segments[s]);
                        if (last ? File.Exists(candidate) || Directory.Exists(candidate) : Directory.Exists(candidate)) next.Add(candidate);
                        continue;
                    }
                    IEnumerable<string> entries;
                    try
                    {
                        entries = last ? Directory.EnumerateFileSystemEntries(folder) : Directory.EnumerateDirectories(folder);
                    }
                    catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                    {
                        continue;
                    }
                    foreach (string entry in entries)
                    {
                        string name = Path.GetFileName(entry);
                        if (name.StartsWith(".", StringComparison.Ordinal) && !segments[s].StartsWith(".", StringComparison.Ordinal)) continue;
                        if (SegmentMatches(name, segments[s])) next.Add(entry);
                        if (next.Count > MaxMatches) throw new InvalidDataException($"the Include pattern '{pattern}' names more than {MaxMatches} files");
                    }
                }
                current = next;
            }
            return current.OrderBy(p => p, StringComparer.Ordinal).ToList();
        }

        private static bool HasWildcard(string segment) => segment.IndexOfAny(Wildcards) >= 0;

        /// <summary>fnmatch for one segment: * and ? and bracket classes ([abc], [a-z], [!x]).</summary>
        private static bool SegmentMatches(string name, string pattern) => Matches(name, 0, pattern, 0, 0);

        private static bool Matches(string name, int n, string pattern, int p, int depth)
        {
            if (depth > 64) return false;
            while (p < pattern.Length)
            {
                char c = pattern[p];
                if (c == '*')
                {
                    while (p < pattern.Length && pattern[p] == '*') p++;
                    if (p == pattern.Length) return true;
                    for (int k = n; k <= name.Length; k++)
                    {
                        if (Matches(name, k, pattern, p, depth + 1)) return true;
                    }
                    return false;
                }
                if (n >= name.Length) return false;
                if (c == '?')
                {
                    n++;
                    p++;
                    continue;
                }
                if (c == '[')
                {
                    int close = pattern.IndexOf(']', p + 2 <= pattern.Length ? p + 2 : pattern.Length);
                    if (close > 0)
                    {
                        bool negate = pattern[p + 1] == '!' || pattern[p + 1] == '^';
                        int start = negate ? p + 2 : p + 1;
                        bool found = false;
                        for (int i = start; i < close; i++)
                        {
                            if (i + 2 < close && pattern[i + 1] == '-')
                            {
                                if (name[n] >= pattern[i] && name[n] <= pattern[i + 2]) found = true;
                                i += 2;
                            }
                            else if (pattern[i] == name[n])
                            {
                                found = true;
                            }
                        }
                        if (found == negate) return false;
                        n++;
                        p = close + 1;
                        continue;
                    }
                }
                if (c != name[n]) return false;
                n++;
                p++;
            }
            return n == name.Length;
        }
    }
}
