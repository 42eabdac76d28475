using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace RescaleSsh.SshConfig
{
    /// <summary>
    /// The values of config lines, read as OpenSSH's readconf.c reads them (flags, ports, multistate keywords, times),
    /// each bad value an SshConfigInvalid error naming the file and line.
    /// </summary>
    internal static class ConfigArguments
    {
        /// <summary>The next argument, which must be there and not empty ("Missing argument").</summary>
        internal static string Required(Queue<string> args, ConfigSource where)
        {
            string arg = args.Count > 0 ? args.Dequeue() : null;
            if (string.IsNullOrEmpty(arg)) throw SshConfigErrors.Invalid(where, "Missing argument");
            return arg;
        }

        /// <summary>yes/true or no/false.</summary>
        internal static bool Flag(Queue<string> args, ConfigSource where)
        {
            string arg = args.Count > 0 ? args.Dequeue() : null;
            switch (Lower(arg))
            {
                case "true":
                case "yes":
                    return true;
                case "false":
                case "no":
                    return false;
                default:
                    throw Unsupported(arg, where);
            }
        }

        internal static int Port(Queue<string> args, ConfigSource where)
        {
            string arg = Required(args, where);
            int port = ParsePort(arg);
            if (port <= 0) throw SshConfigErrors.Invalid(where, $"Bad port '{arg}'");
            return port;
        }

        /// <summary>a2port without service names: 1–65535, decimal (strtonum accepts a leading '+'); -1 otherwise.</summary>
        internal static int ParsePort(string text)
        {
            string digits = text.StartsWith("+", StringComparison.Ordinal) ? text.Substring(1) : text;
            if (digits.Length == 0 || digits.Length > 10 || !digits.All(c => c >= '0' && c <= '9')) return -1;
            long value = long.Parse(digits, CultureInfo.InvariantCulture);
            return value >= 1 && value <= 65535 ? (int)value : -1;
        }

        /// <summary>CanonicalizeHostname: 0 (no), 1 (yes), 2 (always).</summary>
        internal static int Canonicalize(Queue<string> args, ConfigSource where)
        {
            string arg = args.Count > 0 ? args.Dequeue() : null;
            switch (Lower(arg))
            {
                case "true":
                case "yes":
                    return 1;
                case "false":
                case "no":
                    return 0;
                case "always":
                    return 2;
                default:
                    throw Unsupported(arg, where);
            }
        }

        internal static StrictHostKeyChecking Strictness(Queue<string> args, ConfigSource where)
        {
            string arg = args.Count > 0 ? args.Dequeue() : null;
            switch (Lower(arg))
            {
                case "true":
                case "yes":
                    return StrictHostKeyChecking.Yes;
                case "false":
                case "no":
                case "off":
                    return StrictHostKeyChecking.No;
                case "ask":
                    return StrictHostKeyChecking.Ask;
                case "accept-new":
                    return StrictHostKeyChecking.AcceptNew;
                default:
                    throw Unsupported(arg, where);
            }
        }

        /// <summary>A time in seconds (ConfigTime's forms); -1 for "none", which leaves the setting unset.</summary>
        internal static long Seconds(Queue<string> args, ConfigSource where)
        {
            string arg = args.Count > 0 ? args.Dequeue() : null;
            if (string.IsNullOrEmpty(arg)) throw SshConfigErrors.Invalid(where, "missing time value");
            if (arg == "none") return -1;
            long seconds = ConfigTime.Parse(arg);
            if (seconds == -1) throw SshConfigErrors.Invalid(where, "invalid time value");
            return seconds;
        }

        /// <summary>The rest of the line as one value (ProxyCommand, ProxyJump): leading whitespace and '=' dropped.</summary>
        internal static string WholeLine(string text)
        {
            int i = 0;
            while (i < text.Length && " \t\r\n=".IndexOf(text[i]) >= 0) i++;
            return text.Substring(i);
        }

        private static string Lower(string text) => text == null ? null : HostPatterns.AsciiLower(text);

        private static RescaleSshException Unsupported(string arg, ConfigSource where) =>
            SshConfigErrors.Invalid(where, $"unsupported option \"{arg}\"");
    }
}
