using System;

namespace RescaleSsh.SshConfig
{
    /// <summary>
    /// OpenSSH's pattern matching (match.c): <c>*</c> and <c>?</c> wildcards; comma-separated lists where a
    /// <c>!</c> entry that matches vetoes the list. Matched without backtracking blow-up, so a hostile pattern costs
    /// at most length × length steps.
    /// </summary>
    internal static class HostPatterns
    {
        /// <summary>match_pattern: the whole of <paramref name="text"/> against one pattern, case-sensitive.</summary>
        internal static bool Match(string text, string pattern)
        {
            int t = 0, p = 0, star = -1, resume = 0;
            while (t < text.Length)
            {
                if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
                {
                    t++;
                    p++;
                }
                else if (p < pattern.Length && pattern[p] == '*')
                {
                    star = p++;
                    resume = t;
                }
                else if (star >= 0)
                {
                    p = star + 1;
                    t = ++resume;
                }
                else
                {
                    return false;
                }
            }
            while (p < pattern.Length && pattern[p] == '*') p++;
            return p == pattern.Length;
        }

        /// <summary>match_pattern_list: 1 when some entry matches and no negated entry does, -1 when a negated entry matches, else 0.</summary>
        internal static int MatchList(string text, string list, bool lowerCasePatterns)
        {
            bool positive = false;
            foreach (string entry in list.Split(','))
            {
                bool negated = entry.StartsWith("!", StringComparison.Ordinal);
                string pattern = negated ? entry.Substring(1) : entry;
                if (lowerCasePatterns) pattern = AsciiLower(pattern);
                if (Match(text, pattern))
                {
                    if (negated) return -1;
                    positive = true;
                }
            }
            return positive ? 1 : 0;
        }

        /// <summary>match_hostname: a host name against a pattern list, case-insensitively.</summary>
        internal static int MatchHostname(string host, string list) => MatchList(AsciiLower(host), list, true);

        /// <summary>C's tolower on every byte: only A–Z change.</summary>
        internal static string AsciiLower(string text)
        {
            var chars = text.ToCharArray();
            for (int i = 0; i < chars.Length; i++)
            {
                if (chars[i] >= 'A' && chars[i] <= 'Z') chars[i] = (char)(chars[i] + 32);
            }
            return new string(chars);
        }
    }
}
