using System;
using System.Globalization;

namespace RescaleSsh.Connections
{
    /// <summary>
    /// A device as the user wrote it, before ~/.ssh/config is consulted: <c>host</c>, <c>user@host</c>,
    /// <c>user@host:port</c>, <c>[v6addr]:port</c>, or a Host alias in any of those forms. The parts not written are
    /// null, so that the config (and then the defaults) can fill them in while anything written wins.
    /// </summary>
    internal sealed class DeviceAddress : IEquatable<DeviceAddress>
    {
        internal DeviceAddress(string host, string userName, int? port)
        {
            Host = host;
            UserName = userName;
            Port = port;
        }

        /// <summary>An address, an alias from ~/.ssh/config, or an IPv6 address without its brackets.</summary>
        public string Host { get; }

        /// <summary>The user written before '@'; null when none was.</summary>
        public string UserName { get; }

        /// <summary>The port written after ':'; null when none was.</summary>
        public int? Port { get; }

        /// <summary>Parses a device string; a malformed one is DeviceInvalid. The user is split off at the last '@', as ssh does.</summary>
        public static DeviceAddress Parse(string text)
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
            string user = null;
            if (Device.SplitUser(rest, out string written, out rest))
            {
                user = written;
                if (user.Length == 0) throw Invalid(text, "the user name before '@' is empty");
            }

            string host = rest;
            int? port = null;
            if (rest.StartsWith("[", StringComparison.Ordinal))
            {
                int close = rest.IndexOf(']');
                if (close < 0) throw Invalid(text, "'[' has no matching ']'");
                host = rest.Substring(1, close - 1);
                string after = rest.Substring(close + 1);
                if (after.Length > 0)
                {
                    if (!after.StartsWith(":", StringComparison.Ordinal)) throw Invalid(text, "only ':port' may follow ']'");
                    port = ParsePort(text, after.Substring(1));
                }
            }
            else
            {
                int colon = rest.IndexOf(':');
                if (colon >= 0 && colon == rest.LastIndexOf(':'))
                {
                    host = rest.Substring(0, colon);
                    port = ParsePort(text, rest.Substring(colon + 1));
                }
            }

            if (host.Length == 0) throw Invalid(text, "the computer name is empty");
            if (!Device.IsHostName(host)) throw Invalid(text, "the computer name holds a space, slash or '@'");
            return new DeviceAddress(host, user, port);
        }

        private static int ParsePort(string text, string value)
        {
            if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port >= 1 && port <= 65535) return port;
            throw Invalid(text, $"'{value}' is not a port number (1-65535)");
        }

        /// <summary>A device for which nothing (string, -UserName, -Credential, config) names the user.</summary>
        internal static RescaleSshException NoUser(string text) =>
            new RescaleSshException("DeviceInvalid", FailureCategory.InvalidArgument,
                $"The device '{text}' names no user: write it as user@host, pass -UserName, or set User for this host in ~/.ssh/config.", text);

        internal static RescaleSshException Invalid(string text, string why) =>
            new RescaleSshException("DeviceInvalid", FailureCategory.InvalidArgument,
                $"The device '{text}' cannot be used: {why}. Write it as user@host or user@host:port (or a Host alias from ~/.ssh/config).", text);

        public override string ToString()
        {
            string host = Host.Contains(":") ? "[" + Host + "]" : Host;
            string text = UserName == null ? host : UserName + "@" + host;
            return Port == null ? text : text + ":" + Port.Value.ToString(CultureInfo.InvariantCulture);
        }

        public bool Equals(DeviceAddress other) =>
            other != null && string.Equals(Host, other.Host, StringComparison.OrdinalIgnoreCase) &&
            string.Equals(UserName, other.UserName, StringComparison.Ordinal) && Port == other.Port;

        public override bool Equals(object obj) => Equals(obj as DeviceAddress);

        public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Host) ^ (Port ?? 0);
    }
}
