using System.Collections.Generic;

namespace RescaleSsh.SshConfig
{
    /// <summary>
    /// One config line as OpenSSH splits it (readconf.c process_config_line_depth: trailing whitespace cut, the
    /// keyword by strdelim and lower-cased, the arguments by argv_split), scanned once per command and kept by
    /// <see cref="ConfigFileCache"/>. What the line means is decided where it is read, since that depends on the lines
    /// before it (Host, Match, IgnoreUnknown); scanning never fails.
    /// </summary>
    internal sealed class ConfigLine
    {
        private static readonly ConfigLine Blank = new ConfigLine(null, null, null);

        private ConfigLine(string keyword, string rest, List<string> arguments)
        {
            Keyword = keyword;
            Rest = rest;
            Arguments = arguments;
        }

        /// <summary>The keyword, lower-cased; null for a blank or comment line.</summary>
        public string Keyword { get; }

        /// <summary>The text after the keyword (and its '='); empty when there is none.</summary>
        public string Rest { get; }

        /// <summary>The arguments; null when a quote is not closed.</summary>
        public IReadOnlyList<string> Arguments { get; }

        public bool IsKnown => ConfigKeywords.Known.Contains(Keyword);

        public static ConfigLine Scan(string raw)
        {
            var scanner = new ConfigLineScanner(StripTrailingWhitespace(raw));
            string keyword = scanner.NextWord();
            if (keyword == null) return Blank;
            if (keyword.Length == 0) keyword = scanner.NextWord();
            if (string.IsNullOrEmpty(keyword) || keyword[0] == '#') return Blank;
            string rest = scanner.Rest() ?? "";
            return new ConfigLine(HostPatterns.AsciiLower(keyword), rest, rest.Length == 0 ? new List<string>() : ConfigLineScanner.SplitArguments(rest));
        }

        private static string StripTrailingWhitespace(string line)
        {
            int end = line.Length;
            while (end > 1 && " \t\r\n\f".IndexOf(line[end - 1]) >= 0) end--;
            return line.Substring(0, end);
        }
    }
}
