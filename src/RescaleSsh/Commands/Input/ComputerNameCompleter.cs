using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using RescaleSsh.Connections;

namespace RescaleSsh.Commands
{
    /// <summary>
    /// Tab completion of -ComputerName: the devices of this runspace's open sessions (user@host:port), then the hosts
    /// known_hosts names in clear (hashed |1| entries cannot be read back, wildcard patterns name no host): the
    /// -KnownHostsPath already typed, else ~/.ssh/known_hosts. A user typed before '@' is kept. Reads at most
    /// <see cref="MaxLines"/> lines, so a huge file cannot stall the prompt.
    /// </summary>
    internal sealed class ComputerNameCompleter : IArgumentCompleter
    {
        private const int MaxLines = 20000;
        private static readonly char[] Wildcards = { '*', '?', '!' };

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string typed = CompletionText.Unquote(wordToComplete);
            bool hostsOnly = string.Equals(commandName, "Get-RescaleSession", StringComparison.OrdinalIgnoreCase);
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var results = new List<CompletionResult>();
            foreach (var session in RunspaceSessions.Current.All())
            {
                string text = hostsOnly ? session.ComputerName : session.Device.ToString();
                if (CompletionText.StartsWith(text, typed) && seen.Add(text))
                {
                    results.Add(CompletionText.Value(text, DisplayText.Visible(text), $"Session {session.Id} ({session.State})"));
                }
            }

            string userPrefix = "";
            string hostTyped = typed;
            if (!hostsOnly && Device.SplitUser(typed, out string user, out string rest))
            {
                userPrefix = user + "@";
                hostTyped = rest;
            }
            foreach (string name in KnownNames(KnownHostsPath(fakeBoundParameters)).OrderBy(n => n, StringComparer.OrdinalIgnoreCase))
            {
                string text = userPrefix + name;
                if (CompletionText.StartsWith(name, hostTyped) && seen.Add(text))
                {
                    results.Add(CompletionText.Value(text, DisplayText.Visible(text), "In known_hosts"));
                }
            }
            return results;
        }

        private static string KnownHostsPath(IDictionary bound)
        {
            string given = CompletionText.Bound<string>(bound, "KnownHostsPath");
            if (string.IsNullOrEmpty(given)) return Path.Combine(ConnectionOptions.UserSshFolder, "known_hosts");
            if (given == "~" || given.StartsWith("~/", StringComparison.Ordinal) || given.StartsWith("~\\", StringComparison.Ordinal))
            {
                given = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), given.Substring(Math.Min(2, given.Length)));
            }
            return given;
        }

        /// <summary>Host names in clear: <c>host</c> for port 22, <c>host:port</c> for <c>[host]:port</c> (the device string form).</summary>
        internal static IEnumerable<string> KnownNames(string knownHostsPath)
        {
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            try
            {
                if (!File.Exists(knownHostsPath)) return names;
                using var sha = System.Security.Cryptography.SHA256.Create();
                foreach (string line in File.ReadLines(knownHostsPath).Take(MaxLines))
                {
                    var entry = KnownHostsEntry.Parse(line, sha);
                    if (entry == null || entry.Marker != null || entry.PlainHosts == null) continue;
                    foreach (string pattern in entry.PlainHosts.Split(','))
                    {
                        if (pattern.Length == 0 || pattern.IndexOfAny(Wildcards) >= 0) continue;
                        names.Add(DeviceName(pattern));
                    }
                }
            }
            catch (IOException)
            {
                // Completion never fails the prompt: an unreadable file completes nothing.
            }
            catch (UnauthorizedAccessException)
            {
            }
            return names;
        }

        private static string DeviceName(string pattern)
        {
            if (!pattern.StartsWith("[", StringComparison.Ordinal)) return pattern;
            int close = pattern.IndexOf("]:", StringComparison.Ordinal);
            if (close < 0) return pattern.Trim('[', ']');
            string host = pattern.Substring(1, close - 1);
            return Device.FormatHost(host) + ":" + pattern.Substring(close + 2);
        }
    }
}
