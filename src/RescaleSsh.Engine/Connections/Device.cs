using System;
using System.Globalization;

namespace RescaleSsh.Connections
{
    /// <summary>One SSH endpoint: ComputerName + UserName + Port, as a Rescale device's status page shows it.</summary>
    public sealed class Device : IEquatable<Device>
    {
        public const int DefaultPort = 22;

        public string ComputerName { get; }
        public string UserName { get; }
        public int Port { get; }

        public Device(string computerName, string userName, int port = DefaultPort)
        {
            ComputerName = computerName;
            UserName = userName;
            Port = port;
        }

        /// <summary>
        /// Parses <c>host</c>, <c>user@host</c>, <c>user@host:port</c>, <c>[v6addr]:port</c>; a part the string does
        /// not hold comes from <paramref name="userName"/> / <paramref name="port"/>.
        /// </summary>
        public static Device Parse(string text, string userName = null, int? port = null)
        {
            if (string.IsNullOrWhiteSpace(text)) throw Invalid(text, "it is empty");
            string rest = text.Trim();
            if (rest.StartsWith("@{", StringComparison.Ordinal) && rest.EndsWith("}", StringComparison.Ordinal))
            {
                // A piped object (a CSV row) without an address property was bound as its string form "@{...}".
                throw new RescaleSshException("DeviceInvalid", FailureCategory.InvalidArgument,
                    $"The input '{text}' names no device: it has none of the properties ComputerName, HostName, Host, IPAddress, ServerIP or Address. Rename the CSV column that holds the device's address to one of those.",
                    text);
            }
            string user = userName;
            if (SplitUser(rest, out string written, out rest))
            {
                user = written;
                if (user.Length == 0) throw Invalid(text, "the user name before '@' is empty");
            }

            string host = rest;
            int? parsedPort = null;
            if (rest.StartsWith("[", StringComparison.Ordinal))
            {
                int close = rest.IndexOf(']');
                if (close < 0) throw Invalid(text, "'[' has no matching ']'");
                host = rest.Substring(1, close - 1);
                string after = rest.Substring(close + 1);
                if (after.Length > 0)
                {
                    if (!after.StartsWith(":", StringComparison.Ordinal)) throw Invalid(text, "only ':port' may follow ']'");
                    parsedPort = ParsePort(text, after.Substring(1));
                }
            }
            else
            {
                int colon = rest.IndexOf(':');
                if (colon >= 0 && colon == rest.LastIndexOf(':'))
                {
                    host = rest.Substring(0, colon);
                    parsedPort = ParsePort(text, rest.Substring(colon + 1));
                }
            }

            if (host.Length == 0) throw Invalid(text, "the computer name is empty");
            if (!IsHostName(host)) throw Invalid(text, "the computer name holds a space, slash or '@'");
            if (string.IsNullOrEmpty(user)) throw Invalid(text, "no user name was given: write it as user@host or pass -UserName");
            return new Device(host, user, parsedPort ?? port ?? DefaultPort);
        }

        /// <summary>
        /// Splits <c>user@rest</c> at the last '@', as ssh and scp do (a user name may itself hold '@'); false when
        /// <paramref name="text"/> holds no '@'. The one user@host rule for device strings and user@host:path sides.
        /// </summary>
        internal static bool SplitUser(string text, out string user, out string rest)
        {
            int at = text.LastIndexOf('@');
            user = at >= 0 ? text.Substring(0, at) : null;
            rest = at >= 0 ? text.Substring(at + 1) : text;
            return at >= 0;
        }

        private static readonly char[] NotInHostNames = { ' ', '\t', '/', '\\', '@' };

        internal static bool IsHostName(string host) => host.Length > 0 && host.IndexOfAny(NotInHostNames) < 0;

        private static int ParsePort(string text, string value)
        {
            if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port >= 1 && port <= 65535) return port;
            throw Invalid(text, $"'{value}' is not a port number (1-65535)");
        }

        private static RescaleSshException Invalid(string text, string why) =>
            new RescaleSshException("DeviceInvalid", FailureCategory.InvalidArgument,
                $"The device '{text}' cannot be used: {why}. Write it as user@host or user@host:port.", text);

        /// <summary>known_hosts spelling: <c>host</c> on port 22, <c>[host]:port</c> otherwise.</summary>
        public string KnownHostsName => Port == DefaultPort ? ComputerName : $"[{ComputerName}]:{Port}";

        public override string ToString() =>
            Port == DefaultPort ? $"{UserName}@{ComputerName}" : $"{UserName}@{FormatHost(ComputerName)}:{Port}";

        private static string FormatHost(string host) => host.Contains(":") ? "[" + host + "]" : host;

        public bool Equals(Device other) =>
            other != null && string.Equals(ComputerName, other.ComputerName, StringComparison.OrdinalIgnoreCase) &&
            string.Equals(UserName, other.UserName, StringComparison.Ordinal) && Port == other.Port;

        public override bool Equals(object obj) => Equals(obj as Device);

        public override int GetHashCode() =>
            StringComparer.OrdinalIgnoreCase.GetHashCode(ComputerName) ^ UserName.GetHashCode() ^ Port;
    }
}
