using System;
using System.Collections.Generic;
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
            ConfigLine[] lines = _files.Lines(path);
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

        private void ProcessLine(ConfigLine line, ConfigSource where, int depth, ref bool active, bool neverMatch)
        {
            string keyword = line.Keyword;
            if (keyword == null) return;
            string rest = line.Rest;
            if (rest.Length == 0) throw Invalid(where, $"no argument after keyword \"{keyword}\"");
            bool known = line.IsKnown;
            if (!known && !(_state.IgnoreUnknown != null && HostPatterns.MatchList(keyword, _state.IgnoreUnknown, true) == 1))
                throw Invalid(where, $"Bad configuration option: {keyword}");
            if (line.Arguments == null) throw Invalid(where, "invalid quotes");
            if (!known) return;
            var args = new Queue<string>(line.Arguments);

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
                    SetString(ref _state.HostName, ConfigArguments.Required(args, where), where, active);
                    break;
                case "user":
                    SetString(ref _state.User, ConfigArguments.Required(args, where), where, active);
                    break;
                case "hostkeyalias":
                    SetString(ref _state.HostKeyAlias, ConfigArguments.Required(args, where), where, active);
                    break;
                case "bindaddress":
                    SetString(ref _state.BindAddress, ConfigArguments.Required(args, where), where, active);
                    break;
                case "bindinterface":
                    SetString(ref _state.BindInterface, ConfigArguments.Required(args, where), where, active);
                    break;
                case "ignoreunknown":
                    string patterns = ConfigArguments.Required(args, where);
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
                    bool only = ConfigArguments.Flag(args, where);
                    if (active && _state.IdentitiesOnly == null) _state.IdentitiesOnly = (only, where);
                    break;
                case "batchmode":
                    bool batch = ConfigArguments.Flag(args, where);
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
                    string command = ConfigArguments.WholeLine(rest);
                    if (active && _state.ProxyCommand == null && (_state.ProxyJump == null || IsNone(_state.ProxyJump.Value.Value)))
                        _state.ProxyCommand = (command, where);
                    args.Clear();
                    break;
                case "proxyjump":
                    string jump = ConfigArguments.WholeLine(rest);
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
            int port = ConfigArguments.Port(args, where);
            if (active && _state.Port == null) _state.Port = (port, where);
        }

        private void IdentityFileLine(Queue<string> args, ConfigSource where, bool active)
        {
            string file = ConfigArguments.Required(args, where);
            if (!active || _state.IdentityFilesFromCommandLine) return;
            if (_state.IdentityFiles.Count >= MaxIdentityFiles) throw Invalid(where, $"Too many identity files specified (max {MaxIdentityFiles})");
            if (!_state.IdentityFiles.Any(f => f.Written == file)) _state.IdentityFiles.Add((file, where));
        }

        private void CanonicalizeLine(Queue<string> args, ConfigSource where, bool active)
        {
            int value = ConfigArguments.Canonicalize(args, where);
            if (active && _state.CanonicalizeHostname == null) _state.CanonicalizeHostname = (value, where);
        }

        private void StrictLine(Queue<string> args, ConfigSource where, bool active)
        {
            var value = ConfigArguments.Strictness(args, where);
            if (active && _state.StrictHostKeyChecking == null) _state.StrictHostKeyChecking = (value, where);
        }

        private void IdentityAgentLine(Queue<string> args, ConfigSource where, bool active)
        {
            string arg = ConfigArguments.Required(args, where);
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
            long seconds = ConfigArguments.Seconds(args, where);
            // "none" leaves the setting unset, so a later line may still set it (as in ssh).
            if (active && slot == null && seconds >= 0) slot = ((int)seconds, where);
        }

        private static void SetString(ref (string Value, ConfigSource Source)? slot, string value, ConfigSource where, bool active)
        {
            if (active && slot == null) slot = (value, where);
        }

        private static bool IsNone(string value) => string.Equals(value, "none", StringComparison.OrdinalIgnoreCase);

        private static bool IsAbsolute(string path) => path.StartsWith("/", StringComparison.Ordinal) || Path.IsPathRooted(path);

        private static RescaleSshException Invalid(ConfigSource where, string problem) => SshConfigErrors.Invalid(where, problem);
    }
}
