using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace RescaleSsh.SshConfig
{
    /// <summary>
    /// Reads config files line by line into a <see cref="ConfigReadState"/>, with ssh's rules (readconf.c
    /// process_config_line_depth): Host and Match switch lines on and off, Include reads other files in place (a file
    /// included from a section that does not apply is parsed but applies nothing, and its Host and Match lines do
    /// not change the including file's state), and every line is checked even where it does not apply. An include
    /// loop, more than 16 nested includes, or an absurd amount of config is an error rather than a hang.
    /// </summary>
    internal sealed class ConfigFileReader
    {
        private const int MaxDepth = 16;
        private const int MaxIdentityFiles = 100;
        private const int MaxKnownHostsFiles = 32;
        private const int MaxLines = 1_000_000;

        private readonly ConfigReadState _state;
        private readonly SshConfigEnvironment _environment;
        private readonly string _hostArgument;
        private readonly List<string> _includeStack = new List<string>();
        private readonly ConfigFileCache _files;

        internal ConfigFileReader(ConfigReadState state, SshConfigEnvironment environment, string hostArgument, ConfigFileCache files)
        {
            _files = files;
            _state = state;
            _environment = environment;
            _hostArgument = hostArgument;
        }

        /// <summary>Reads the top-level file; it must exist and be readable.</summary>
        internal void ReadTopLevel(string path)
        {
            bool active = true;
            ReadFile(Path.GetFullPath(path), 0, ref active, false, mustExist: true);
        }

        private void ReadFile(string path, int depth, ref bool active, bool neverMatch, bool mustExist)
        {
            if (depth > MaxDepth) throw SshConfigErrors.Invalid(ConfigSource.At(path, 0), $"more than {MaxDepth} nested Include levels");
            string[] lines = _files.Lines(path);
            if (lines == null)
            {
                if (mustExist) throw SshConfigErrors.Unreadable(path, null);
                return;
            }

            _includeStack.Add(path);
            for (int i = 0; i < lines.Length; i++)
            {
                if (++_state.LinesRead > MaxLines) throw SshConfigErrors.Invalid(ConfigSource.At(path, i + 1), $"more than {MaxLines} config lines in all (an Include that multiplies?)");
                ProcessLine(lines[i], ConfigSource.At(path, i + 1), depth, ref active, neverMatch);
            }
            _includeStack.RemoveAt(_includeStack.Count - 1);
        }

        private void ProcessLine(string raw, ConfigSource where, int depth, ref bool active, bool neverMatch)
        {
            string line = StripTrailingWhitespace(raw);
            var scanner = new ConfigLineScanner(line);
            string keyword = scanner.NextWord();
            if (keyword == null) return;
            if (keyword.Length == 0) keyword = scanner.NextWord();
            if (string.IsNullOrEmpty(keyword) || keyword[0] == '#') return;
            keyword = HostPatterns.AsciiLower(keyword);

            string rest = scanner.Rest();
            if (string.IsNullOrEmpty(rest)) throw Invalid(where, $"no argument after keyword \"{keyword}\"");
            bool known = ConfigKeywords.Known.Contains(keyword);
            if (!known && !(_state.IgnoreUnknown != null && HostPatterns.MatchList(keyword, _state.IgnoreUnknown, true) == 1))
                throw Invalid(where, $"Bad configuration option: {keyword}");
            List<string> split = ConfigLineScanner.SplitArguments(rest);
            if (split == null) throw Invalid(where, "invalid quotes");
            var args = new Queue<string>(split);
            if (!known)
            {
                args.Clear();
                return;
            }

            switch (keyword)
            {
                case "host":
                    HostLine(args, where, ref active, neverMatch);
                    break;
                case "match":
                    bool matched = new MatchLine(_state, _environment, _hostArgument, where).Evaluate(rest);
                    active = !neverMatch && matched;
                    args.Clear();
                    break;
                case "include":
                    IncludeLine(args, where, depth, ref active, neverMatch);
                    break;
                case "hostname":
                    SetString(ref _state.HostName, RequiredArgument(args, where), where, active);
                    break;
                case "user":
                    SetString(ref _state.User, RequiredArgument(args, where), where, active);
                    break;
                case "hostkeyalias":
                    SetString(ref _state.HostKeyAlias, RequiredArgument(args, where), where, active);
                    break;
                case "bindaddress":
                    SetString(ref _state.BindAddress, RequiredArgument(args, where), where, active);
                    break;
                case "bindinterface":
                    SetString(ref _state.BindInterface, RequiredArgument(args, where), where, active);
                    break;
                case "ignoreunknown":
                    string patterns = RequiredArgument(args, where);
                    if (active && _state.IgnoreUnknown == null) _state.IgnoreUnknown = patterns;
                    break;
                case "port":
                    PortLine(args, where, active);
                    break;
                case "identityfile":
                case "identityfile2":
                    IdentityFileLine(args, where, active);
                    break;
                case "identitiesonly":
                    bool only = Flag(args.Count > 0 ? args.Dequeue() : null, where);
                    if (active && _state.IdentitiesOnly == null) _state.IdentitiesOnly = (only, where);
                    break;
                case "batchmode":
                    bool batch = Flag(args.Count > 0 ? args.Dequeue() : null, where);
                    if (active && _state.BatchMode == null) _state.BatchMode = batch;
                    break;
                case "canonicalizehostname":
                    CanonicalizeLine(args, where, active);
                    break;
                case "stricthostkeychecking":
                    StrictLine(args, where, active);
                    break;
                case "identityagent":
                    IdentityAgentLine(args, where, active);
                    break;
                case "userknownhostsfile":
                    KnownHostsLine(args, where, keyword, active, _state.UserKnownHostsFiles);
                    break;
                case "globalknownhostsfile":
                    var global = new List<(string, ConfigSource)>();
                    bool wasEmpty = _state.GlobalKnownHostsFiles == 0;
                    KnownHostsLine(args, where, keyword, true, global);
                    if (active && wasEmpty) _state.GlobalKnownHostsFiles = global.Count;
                    break;
                case "connecttimeout":
                    TimeLine(args, where, active, ref _state.ConnectTimeout);
                    break;
                case "serveraliveinterval":
                case "protocolkeepalives":
                case "setuptimeout":
                    TimeLine(args, where, active, ref _state.ServerAliveInterval);
                    break;
                case "proxycommand":
                    // ssh takes the rest of the line as the command; ProxyJump, once set to a host, wins.
                    string command = SkipWhitespaceAndEquals(rest);
                    if (active && _state.ProxyCommand == null && (_state.ProxyJump == null || IsNone(_state.ProxyJump.Value.Value)))
                        _state.ProxyCommand = (command, where);
                    args.Clear();
                    break;
                case "proxyjump":
                    string jump = SkipWhitespaceAndEquals(rest);
                    if (active && _state.ProxyJump == null && _state.ProxyCommand == null) _state.ProxyJump = (jump, where);
                    args.Clear();
                    break;
                default:
                    // A keyword this module does not use: accepted as ssh accepts it, its value unchecked.
                    args.Clear();
                    break;
            }

            if (args.Count > 0) throw Invalid(where, $"keyword {keyword} extra arguments at end of line");
        }

        private void HostLine(Queue<string> args, ConfigSource where, ref bool active, bool neverMatch)
        {
            active = false;
            while (args.Count > 0)
            {
                string pattern = args.Dequeue();
                if (pattern.Length == 0) throw Invalid(where, "keyword host empty argument");
                if (neverMatch)
                {
                    args.Clear();
                    break;
                }
                bool negated = pattern[0] == '!';
                if (negated) pattern = pattern.Substring(1);
                if (HostPatterns.Match(_hostArgument, pattern))
                {
                    if (negated)
                    {
                        active = false;
                        args.Clear();
                        break;
                    }
                    active = true;
                }
            }
        }

        private void IncludeLine(Queue<string> args, ConfigSource where, int depth, ref bool active, bool neverMatch)
        {
            while (args.Count > 0)
            {
                string arg = args.Dequeue();
                if (arg.Length == 0) throw Invalid(where, "keyword include empty argument");
                string pattern = arg[0] == '~' || IsAbsolute(arg) ? arg : "~/.ssh/" + arg;
                pattern = ConfigExpansion.Tilde(pattern, _environment, message => Invalid(where, message));
                IReadOnlyList<string> files;
                try
                {
                    files = _files.Glob(pattern);
                }
                catch (InvalidDataException e)
                {
                    throw Invalid(where, e.Message);
                }
                bool wasActive = active;
                foreach (string file in files)
                {
                    string full = Path.GetFullPath(file);
                    if (_includeStack.Contains(full, StringComparer.Ordinal))
                        throw Invalid(where, $"Include loop: '{full}' includes itself (through {string.Join(" -> ", _includeStack.Select(Path.GetFileName))})");
                    ReadFile(full, depth + 1, ref active, neverMatch || !wasActive, mustExist: false);
                    active = wasActive; // Host and Match in an included file do not leak out of it
                }
            }
        }

        private void PortLine(Queue<string> args, ConfigSource where, bool active)
        {
            string arg = RequiredArgument(args, where);
            int port = ParsePort(arg);
            if (port <= 0) throw Invalid(where, $"Bad port '{arg}'");
            if (active && _state.Port == null) _state.Port = (port, where);
        }

        private void IdentityFileLine(Queue<string> args, ConfigSource where, bool active)
        {
            string file = RequiredArgument(args, where);
            if (!active || _state.IdentityFilesFromCommandLine) return;
            if (_state.IdentityFiles.Count >= MaxIdentityFiles) throw Invalid(where, $"Too many identity files specified (max {MaxIdentityFiles})");
            if (!_state.IdentityFiles.Any(f => f.Written == file)) _state.IdentityFiles.Add((file, where));
        }

        private void CanonicalizeLine(Queue<string> args, ConfigSource where, bool active)
        {
            string arg = args.Count > 0 ? args.Dequeue() : null;
            int value = Lower(arg) switch
            {
                "true" => 1,
                "yes" => 1,
                "false" => 0,
                "no" => 0,
                "always" => 2,
                _ => throw Invalid(where, $"unsupported option \"{arg}\""),
            };
            if (active && _state.CanonicalizeHostname == null) _state.CanonicalizeHostname = (value, where);
        }

        private void StrictLine(Queue<string> args, ConfigSource where, bool active)
        {
            string arg = args.Count > 0 ? args.Dequeue() : null;
            StrictHostKeyChecking value = Lower(arg) switch
            {
                "true" => StrictHostKeyChecking.Yes,
                "yes" => StrictHostKeyChecking.Yes,
                "false" => StrictHostKeyChecking.No,
                "no" => StrictHostKeyChecking.No,
                "off" => StrictHostKeyChecking.No,
                "ask" => StrictHostKeyChecking.Ask,
                "accept-new" => StrictHostKeyChecking.AcceptNew,
                _ => throw Invalid(where, $"unsupported option \"{arg}\""),
            };
            if (active && _state.StrictHostKeyChecking == null) _state.StrictHostKeyChecking = (value, where);
        }

        private void IdentityAgentLine(Queue<string> args, ConfigSource where, bool active)
        {
            string arg = RequiredArgument(args, where);
            if (!ConfigExpansion.DollarValid(arg, _environment)) throw Invalid(where, $"Invalid environment expansion {arg}");
            if (arg[0] == '$' && (arg.Length < 2 || arg[1] != '{') && !ConfigExpansion.ValidEnvironmentName(arg.Substring(1)))
                throw Invalid(where, $"Invalid environment name {arg}");
            if (active && _state.IdentityAgent == null) _state.IdentityAgent = (arg, where);
        }

        private static void KnownHostsLine(Queue<string> args, ConfigSource where, string keyword, bool active, List<(string, ConfigSource)> files)
        {
            bool wasEmpty = files.Count == 0;
            int i = 0;
            while (args.Count > 0)
            {
                string file = args.Dequeue();
                if (file.Length == 0) throw Invalid(where, $"keyword {keyword} empty argument");
                if (string.Equals(file, "none", StringComparison.OrdinalIgnoreCase) && (i > 0 || args.Count > 0))
                    throw Invalid(where, $"keyword {keyword} \"none\" argument must appear alone");
                i++;
                if (active && wasEmpty)
                {
                    if (files.Count >= MaxKnownHostsFiles) throw Invalid(where, $"too many {keyword} entries");
                    files.Add((file, where));
                }
            }
        }

        private static void TimeLine(Queue<string> args, ConfigSource where, bool active, ref (int Value, ConfigSource Source)? slot)
        {
            string arg = args.Count > 0 ? args.Dequeue() : null;
            if (string.IsNullOrEmpty(arg)) throw Invalid(where, "missing time value");
            long seconds = arg == "none" ? -1 : ConfigTime.Parse(arg);
            if (seconds == -1 && arg != "none") throw Invalid(where, "invalid time value");
            // "none" leaves the setting unset, so a later line may still set it (as in ssh).
            if (active && slot == null && seconds >= 0) slot = ((int)seconds, where);
        }

        private static void SetString(ref (string Value, ConfigSource Source)? slot, string value, ConfigSource where, bool active)
        {
            if (active && slot == null) slot = (value, where);
        }

        private static string RequiredArgument(Queue<string> args, ConfigSource where)
        {
            string arg = args.Count > 0 ? args.Dequeue() : null;
            if (string.IsNullOrEmpty(arg)) throw Invalid(where, "Missing argument");
            return arg;
        }

        private static bool Flag(string arg, ConfigSource where)
        {
            switch (Lower(arg))
            {
                case "true":
                case "yes":
                    return true;
                case "false":
                case "no":
                    return false;
                default:
                    throw Invalid(where, $"unsupported option \"{arg}\"");
            }
        }

        /// <summary>a2port without service names: 1–65535, decimal (strtonum accepts a leading '+').</summary>
        internal static int ParsePort(string text)
        {
            string digits = text.StartsWith("+", StringComparison.Ordinal) ? text.Substring(1) : text;
            if (digits.Length == 0 || digits.Length > 10 || !digits.All(c => c >= '0' && c <= '9')) return -1;
            long value = long.Parse(digits, CultureInfo.InvariantCulture);
            return value >= 1 && value <= 65535 ? (int)value : -1;
        }

        private static string Lower(string text) => text == null ? null : HostPatterns.AsciiLower(text);

        private static bool IsNone(string value) => string.Equals(value, "none", StringComparison.OrdinalIgnoreCase);

        private static bool IsAbsolute(string path) => path.StartsWith("/", StringComparison.Ordinal) || Path.IsPathRooted(path);

        private static string SkipWhitespaceAndEquals(string text)
        {
            int i = 0;
            while (i < text.Length && " \t\r\n=".IndexOf(text[i]) >= 0) i++;
            return text.Substring(i);
        }

        private static string StripTrailingWhitespace(string line)
        {
            int end = line.Length;
            while (end > 1 && " \t\r\n\f".IndexOf(line[end - 1]) >= 0) end--;
            return line.Substring(0, end);
        }

        private static RescaleSshException Invalid(ConfigSource where, string problem) => SshConfigErrors.Invalid(where, problem);
    }
}
