using System.Collections.Generic;

namespace RescaleSsh.SshConfig
{
    /// <summary>
    /// Evaluates a Match line as ssh does (readconf.c match_cfg_line): criteria all, host, originalhost, user,
    /// localuser, each negatable with '!', all required to hold; host sees HostName as obtained so far (with %h),
    /// user the User obtained so far or the local user. Criteria that need what this module cannot or will not do
    /// (exec runs a command, localnetwork reads interfaces, canonical and final need ssh's second pass) are refused
    /// with SshConfigUnsupported when they would decide the line, and skipped when an earlier criterion already failed,
    /// as ssh itself skips them.
    /// </summary>
    internal sealed class MatchLine
    {
        private readonly ConfigReadState _state;
        private readonly SshConfigEnvironment _environment;
        private readonly string _hostArgument;
        private readonly ConfigSource _where;

        internal MatchLine(ConfigReadState state, SshConfigEnvironment environment, string hostArgument, ConfigSource where)
        {
            _state = state;
            _environment = environment;
            _hostArgument = hostArgument;
            _where = where;
        }

        internal bool Evaluate(string criteria)
        {
            string remoteUser = _state.User?.Value ?? _environment.LocalUserName;
            string host = _state.HostName == null
                ? _hostArgument
                : ConfigExpansion.Expand(_state.HostName.Value.Value, new Dictionary<char, string> { ['h'] = _hostArgument }, false, _environment, m => SshConfigErrors.Invalid(_state.HostName.Value.Source, "HostName " + m));
            var scanner = new ConfigLineScanner(criteria);
            bool result = true;
            int attributes = 0;
            while (true)
            {
                string attribute = scanner.NextWord();
                if (string.IsNullOrEmpty(attribute) || attribute[0] == '#') break;
                bool negate = attribute[0] == '!';
                if (negate) attribute = attribute.Substring(1);
                string name = HostPatterns.AsciiLower(attribute);
                if (name == "all")
                {
                    string next = scanner.NextWord();
                    if (attributes > 1 || (!string.IsNullOrEmpty(next) && next[0] != '#'))
                        throw SshConfigErrors.Invalid(_where, $"'{(negate ? "!" : "")}{attribute}' cannot be combined with other Match attributes");
                    if (result) result = !negate;
                    return result;
                }
                attributes++;
                if (name == "canonical" || name == "final")
                {
                    if (result) throw SshConfigErrors.Unsupported(_where, "Match " + name, "does not canonicalize host names or make ssh's final pass over the config");
                    continue;
                }
                string argument = scanner.NextWord();
                if (string.IsNullOrEmpty(argument) || argument[0] == '#') throw SshConfigErrors.Invalid(_where, $"Missing Match criteria for {attribute}");
                bool matched;
                switch (name)
                {
                    case "host":
                        matched = HostPatterns.MatchHostname(host, argument) == 1;
                        break;
                    case "originalhost":
                        matched = HostPatterns.MatchHostname(_hostArgument, argument) == 1;
                        break;
                    case "user":
                        matched = HostPatterns.MatchList(remoteUser, argument, false) == 1;
                        break;
                    case "localuser":
                        matched = HostPatterns.MatchList(_environment.LocalUserName, argument, false) == 1;
                        break;
                    case "exec":
                        if (result) throw SshConfigErrors.Unsupported(_where, "Match exec", "never runs commands from the config to decide where to connect");
                        continue;
                    case "localnetwork":
                        if (result) throw SshConfigErrors.Unsupported(_where, "Match localnetwork", "does not read the local network interfaces");
                        continue;
                    default:
                        throw SshConfigErrors.Invalid(_where, $"Unsupported Match attribute {attribute}");
                }
                if (matched == negate) result = false;
            }
            if (attributes == 0) throw SshConfigErrors.Invalid(_where, "One or more attributes required for Match");
            return result;
        }
    }
}
