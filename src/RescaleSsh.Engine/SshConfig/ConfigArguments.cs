using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace RescaleSsh.SshConfig
{
    /// <summary>The argument parsers readconf.c applies to keyword values (ports, flags, times, paths), shared by the config reader.</summary>
    internal static class ConfigArguments
    {
        internal static void KnownHostsLine(Queue<string> args, ConfigSource where, string keyword, bool active, List<(string, ConfigSource)> files)
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
                    if (files.Count >= ConfigFileReader.MaxKnownHostsFiles) throw Invalid(where, $"too many {keyword} entries");
                    files.Add((file, where));
                }
            }
        }

        internal static void TimeLine(Queue<string> args, ConfigSource where, bool active, ref (int Value, ConfigSource Source)? slot)
        {
            string arg = args.Count > 0 ? args.Dequeue() : null;
            if (string.IsNullOrEmpty(arg)) throw Invalid(where, "missing time value");
            long seconds = arg == "none" ? -1 : ConfigTime.Parse(arg);
            if (seconds == -1 && arg != "none") throw Invalid(where, "invalid time value");
            // "none" leaves the setting unset, so a later line may still set it (as in ssh).
            if (active && slot == null && seconds >= 0) slot = ((int)seconds, where);
        }

        internal static void SetString(ref (string Value, ConfigSource Source)? slot, string value, ConfigSource where, bool active)
        {
            if (active && slot == null) slot = (value, where);
        }

        internal static string RequiredArgument(Queue<string> args, ConfigSource where)
        {
            string arg = args.Count > 0 ? args.Dequeue() : null;
            if (string.IsNullOrEmpty(arg)) throw Invalid(where, "Missing argument");
            return arg;
        }

        internal static bool Flag(string arg, ConfigSource where)
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

        internal static string Lower(string text) => text == null ? null : HostPatterns.AsciiLower(text);

        internal static bool IsNone(string value) => string.Equals(value, "none", StringComparison.OrdinalIgnoreCase);

        internal static bool IsAbsolute(string path) => path.StartsWith("/", StringComparison.Ordinal) || Path.IsPathRooted(path);

        internal static string SkipWhitespaceAndEquals(string text)
        {
            int i = 0;
            while (i < text.Length && " \t\r\n=".IndexOf(text[i]) >= 0) i++;
            return text.Substring(i);
        }

        internal static string StripTrailingWhitespace(string line)
        {
            int end = line.Length;
            while (end > 1 && " \t\r\n\f".IndexOf(line[end - 1]) >= 0) end--;
            return line.Substring(0, end);
        }

        internal static RescaleSshException Invalid(ConfigSource where, string problem) => SshConfigErrors.Invalid(where, problem);

        /// <summary>CanonicalizeHostname: no (0), yes (1), always (2).</summary>
        internal static int CanonicalizeValue(string arg, ConfigSource where) =>
            Lower(arg) switch
            {
                "true" => 1,
                "yes" => 1,
                "false" => 0,
                "no" => 0,
                "always" => 2,
                _ => throw Invalid(where, $"unsupported option \"{arg}\""),
            };

        internal static StrictHostKeyChecking StrictValue(string arg, ConfigSource where) =>
            Lower(arg) switch
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
    }
}
