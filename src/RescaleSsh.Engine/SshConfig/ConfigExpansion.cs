using System;
using System.Collections.Generic;
using System.Text;

namespace RescaleSsh.SshConfig
{
    /// <summary>
    /// The expansions ssh applies to file names in its config (ssh.c, misc.c): a leading <c>~</c> or <c>~/</c> is
    /// the home folder (tilde_expand_filename), then <c>%x</c> tokens and <c>${VAR}</c> environment variables in one
    /// pass (vdollar_percent_expand): <c>%%</c> is a percent sign; an unknown token, a lone trailing <c>%</c>, an
    /// unclosed <c>${</c> or an unset variable is an error, as in ssh.
    /// </summary>
    internal static class ConfigExpansion
    {
        /// <summary>~ and ~/… become the home folder; ~user/… is refused unless it names the local user.</summary>
        internal static string Tilde(string path, SshConfigEnvironment environment, Func<string, Exception> fail)
        {
            if (string.IsNullOrEmpty(path) || path[0] != '~') return path;
            int slash = path.IndexOf('/');
            string user = slash < 0 ? path.Substring(1) : path.Substring(1, slash - 1);
            if (user.Length > 0 && user != environment.LocalUserName)
                throw fail($"'{path}' names the home folder of user '{user}', which this module does not look up");
            string rest = slash < 0 ? "" : path.Substring(slash + 1);
            string home = environment.HomeDirectory.TrimEnd('/', '\\');
            return home + "/" + rest; // "~" alone is the home folder with a trailing slash, as in ssh
        }

        /// <summary>%-tokens from <paramref name="tokens"/> and, when <paramref name="dollar"/>, ${VAR} from the environment.</summary>
        internal static string Expand(string text, IReadOnlyDictionary<char, string> tokens, bool dollar, SshConfigEnvironment environment, Func<string, Exception> fail, string shown = null)
        {
            shown = shown ?? text;
            var result = new StringBuilder(text.Length);
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (dollar && c == '$' && i + 1 < text.Length && text[i + 1] == '{')
                {
                    int close = text.IndexOf('}', i + 2);
                    if (close < 0) throw fail($"'{shown}' has a '${{' without its '}}'");
                    string name = text.Substring(i + 2, close - i - 2);
                    string value = name.Length == 0 ? null : environment.GetEnvironmentVariable(name);
                    if (value == null) throw fail($"'{shown}' uses the environment variable '{name}', which is not set");
                    result.Append(value);
                    i = close;
                }
                else if (c == '%')
                {
                    if (i + 1 >= text.Length) throw fail($"'{shown}' ends with a lone '%'");
                    char key = text[++i];
                    if (key == '%') result.Append('%');
                    else if (tokens != null && tokens.TryGetValue(key, out string value)) result.Append(value);
                    else throw fail($"'{shown}' uses the unknown token %{key}");
                }
                else
                {
                    result.Append(c);
                }
            }
            return result.ToString();
        }

        /// <summary>dollar_expand's check on IdentityAgent: every ${VAR} closed and set.</summary>
        internal static bool DollarValid(string text, SshConfigEnvironment environment)
        {
            try
            {
                Expand(text.Replace("%", "%%"), null, true, environment, message => new FormatException(message));
                return true;
            }
            catch (FormatException)
            {
                return false;
            }
        }

        /// <summary>valid_env_name: letters, digits and underscores, not empty.</summary>
        internal static bool ValidEnvironmentName(string name)
        {
            if (name.Length == 0) return false;
            foreach (char c in name)
            {
                if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
            }
            return true;
        }
    }
}
