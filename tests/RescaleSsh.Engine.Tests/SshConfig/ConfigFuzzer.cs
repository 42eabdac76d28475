using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace RescaleSsh.Engine.Tests.SshConfig
{
    /// <summary>
    /// Random configs from a seeded generator (so a failure reproduces): lines of the keywords the module reads,
    /// in random case, with '=' or spaces or tabs, quoted or not, with valid and invalid values, Host and Match
    /// lines, comments, and Includes of generated files that may include each other (loops). Also small random
    /// edits of corpus configs. Never Match exec: ssh -G would run it.
    /// </summary>
    public sealed class ConfigFuzzer
    {
        private readonly Random _random;

        public ConfigFuzzer(int seed) => _random = new Random(seed);

        public static readonly string[] Hosts = { "dev1", "DEV1", "dev2.lab", "10.0.0.1", "bastion", "web.example.com" };

        private static readonly string[] Separators = { " ", "  ", "\t", "=", " = ", " =", "= " };

        private static readonly Dictionary<string, string[]> Values = new Dictionary<string, string[]>
        {
            ["HostName"] = new[] { "%h.example", "Real.Example", "10.0.0.9", "h%%x", "%z", "%h", "a:b::1", "UPPER.case" },
            ["User"] = new[] { "alice", "bob", "Root", "u_1", "tester" },
            ["Port"] = new[] { "22", "2222", "0", "70000", "abc", "+22", "022", "65535", "-1" },
            ["IdentityFile"] = new[] { "~/.ssh/id_%h", "/tmp/k%%", "\"~/a b\"", "%d/k_%r", "none", "~/.ssh/id_ed25519", "~/.ssh/id_%q" },
            ["IdentitiesOnly"] = new[] { "yes", "no", "YES", "maybe", "true" },
            ["IdentityAgent"] = new[] { "none", "SSH_AUTH_SOCK", "~/agent.sock", "${AGENT_DIR}/s", "${UNSET_VAR}/s", "$KEYS", "$BAD/x", "/run/%u/agent" },
            ["UserKnownHostsFile"] = new[] { "~/.ssh/kh", "/tmp/kh1 /tmp/kh2", "none", "none /tmp/x", "~/kh_%h_%p", "%d/%u", "~/kh_%q", "\"/tmp/k h\"" },
            ["StrictHostKeyChecking"] = new[] { "yes", "no", "ask", "accept-new", "off", "ACCEPT-NEW", "sometimes" },
            ["ConnectTimeout"] = new[] { "10", "1m", "5x", "none", "0", "1h1m1s", "-3" },
            ["ServerAliveInterval"] = new[] { "15", "2m", "none", "soon" },
            ["HostKeyAlias"] = new[] { "alias1", "%h", "shared" },
            ["BatchMode"] = new[] { "yes", "no" },
            ["ProxyJump"] = new[] { "none", "bastion", "user@jump:2222" },
            ["ProxyCommand"] = new[] { "none", "nc %h %p" },
            ["ForwardAgent"] = new[] { "no", "yes" },
            ["Compression"] = new[] { "no", "yes" },
        };

        private static readonly string[] HostPatterns = { "*", "dev?", "dev*", "!dev1", "*.lab", "DEV1", "10.0.0.*", "bastion", "web.*", "!bastion" };

        private static readonly string[] MatchCriteria =
        {
            "host dev*", "user tester", "!host dev1", "all", "originalhost dev1", "localuser tester", "host", "user bob host *",
            "host *.lab,!dev2.lab", "originalhost DEV1", "!user root", "host=dev1", "all host x",
        };

        /// <summary>A generated main config and up to three include files (relative to ~/.ssh).</summary>
        public (string Config, Dictionary<string, string> Includes) Generate()
        {
            var includes = new Dictionary<string, string>();
            int includeCount = _random.Next(4);
            for (int i = 0; i < includeCount; i++) includes[$"fz/inc{i}.conf"] = Lines(_random.Next(1, 6), includeCount);
            return (Lines(_random.Next(1, 12), includeCount), includes);
        }

        private string Lines(int count, int includeCount)
        {
            var text = new StringBuilder();
            for (int i = 0; i < count; i++) text.Append(Line(includeCount)).Append(_random.Next(10) == 0 ? "\r\n" : "\n");
            return text.ToString();
        }

        private string Line(int includeCount)
        {
            string indent = _random.Next(3) == 0 ? "  " : _random.Next(5) == 0 ? "\t" : "";
            int kind = _random.Next(20);
            if (kind == 0) return indent + "# comment " + _random.Next(100);
            if (kind == 1) return "";
            if (kind <= 4) return "Host" + Separator() + string.Join(" ", Enumerable.Range(0, _random.Next(1, 4)).Select(_ => Pick(HostPatterns)));
            if (kind == 5) return "Match" + Separator() + Pick(MatchCriteria);
            if (kind == 6 && includeCount > 0) return indent + "Include" + Separator() + (_random.Next(2) == 0 ? "fz/*.conf" : $"fz/inc{_random.Next(includeCount)}.conf");
            string keyword = Pick(Values.Keys.ToArray());
            string value = Pick(Values[keyword]);
            if (_random.Next(8) == 0 && !value.Contains(' ') && !value.Contains('"')) value = "\"" + value + "\"";
            string trailing = _random.Next(10) == 0 ? " # trailing" : "";
            return indent + Case(keyword) + Separator() + value + trailing;
        }

        /// <summary>One to three random character edits of <paramref name="config"/>.</summary>
        public string Mutate(string config)
        {
            const string alphabet = " \t=\"'#*?!,%~$\\{}\nHhPpUu0129";
            var chars = new StringBuilder(config);
            int edits = _random.Next(1, 4);
            for (int e = 0; e < edits; e++)
            {
                int at = chars.Length == 0 ? 0 : _random.Next(chars.Length);
                switch (_random.Next(3))
                {
                    case 0: chars.Insert(at, alphabet[_random.Next(alphabet.Length)]); break;
                    case 1: if (chars.Length > 0) chars.Remove(at, 1); break;
                    default: if (chars.Length > 0) chars[at] = alphabet[_random.Next(alphabet.Length)]; break;
                }
            }
            return chars.ToString();
        }

        public string PickHost() => Pick(Hosts);

        private string Separator() => Pick(Separators);

        private string Case(string keyword) => _random.Next(4) switch
        {
            0 => keyword.ToLowerInvariant(),
            1 => keyword.ToUpperInvariant(),
            _ => keyword,
        };

        private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];
    }
}
