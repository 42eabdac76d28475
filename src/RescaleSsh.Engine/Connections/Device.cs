using System;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace RescaleSsh.Connections
{
    /// <summary>One SSH endpoint: ComputerName + UserName + Port, as a Rescale device's status page shows it.</summary>
    public sealed class Device : IEquatable<Device>
    {
        public const int DefaultPort = 22;

        private const string Spellings = "Write it as user@host, user@host:port or sftp://user@host:port.";

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
        /// Parses <c>host</c>, <c>user@host</c>, <c>user@host:port</c>, <c>[v6addr]:port</c> and
        /// <c>sftp://user@host:port</c>; a part the string does not hold comes from <paramref name="userName"/> /
        /// <paramref name="port"/>. <c>host:NUMBER:…</c> (a port written into an scp-style path) is refused as ambiguous.
        /// </summary>
        public static Device Parse(string text, string userName = null, int? port = null)
        {
            if (string.IsNullOrWhiteSpace(text)) throw Invalid(text, "it is empty");
            string rest = text.Trim();
            if (rest.StartsWith("@{", StringComparison.Ordinal) && rest.EndsWith("}", StringComparison.Ordinal))
            {
                // A piped object (a CSV row) without an address property was bound as its string form "@{...}".
                throw new RescaleSshException("DeviceInvalid", FailureCategory.InvalidArgument,
                    $"The input '{DisplayText.Visible(text)}' names no device: it has none of the properties ComputerName, HostName, Host, IPAddress, ServerIP or Address. Rename the CSV column that holds the device's address to one of those.",
                    text);
            }
            if (SftpUri.IsUri(rest))
            {
                var uri = SftpUri.Parse(text, userName, port);
                if (uri.RemotePath.Length > 0 && uri.RemotePath != "/")
                {
                    throw Invalid(text, $"a device names no path (this URI names '{DisplayText.Visible(uri.Path)}')",
                        "Write it as sftp://user@host:port, and give paths to Copy-RescaleItem.");
                }
                return uri.Device;
            }
            return ParseAuthority(text, rest, userName, port, decodeUser: false);
        }

        /// <summary>
        /// The <c>[user@]host[:port]</c> part of a device string or of an sftp:// URI (whose user is percent-encoded);
        /// <paramref name="original"/> is what the user wrote, for messages.
        /// </summary>
        internal static Device ParseAuthority(string original, string authority, string userName, int? port, bool decodeUser)
        {
            string rest = authority;
            string user = userName;
            if (SplitUser(rest, out string written, out rest))
            {
                user = decodeUser ? Uri.UnescapeDataString(written) : written;
                if (user.Length == 0) throw Invalid(original, "the user name before '@' is empty");
            }

            string host = rest;
            int? parsedPort = null;
            if (rest.StartsWith("[", StringComparison.Ordinal))
            {
                int close = rest.IndexOf(']');
                if (close < 0) throw Invalid(original, "'[' has no matching ']'");
                host = rest.Substring(1, close - 1);
                string after = rest.Substring(close + 1);
                if (after.Length > 0)
                {
                    if (!after.StartsWith(":", StringComparison.Ordinal)) throw Invalid(original, "only ':port' may follow ']'");
                    parsedPort = ParsePort(original, after.Substring(1));
                }
            }
            else
            {
                int colon = rest.IndexOf(':');
                if (colon >= 0 && colon == rest.LastIndexOf(':'))
                {
                    host = rest.Substring(0, colon);
                    parsedPort = ParsePort(original, rest.Substring(colon + 1));
                }
                else if (colon >= 0 && !IsIPv6(rest))
                {
                    if (StartsWithNumber(rest.Substring(colon + 1))) throw Ambiguous(original, user, rest.Substring(0, colon), rest.Substring(colon + 1));
                    throw Invalid(original, "it is neither host:port nor an IPv6 address");
                }
            }

            if (host.Length == 0) throw Invalid(original, "the computer name is empty");
            if (!IsHostName(host)) throw Invalid(original, "the computer name holds a space, slash or '@'");
            if (string.IsNullOrEmpty(user)) throw Invalid(original, "no user name was given", "Write it as user@host, or pass -UserName.");
            return new Device(host, user, parsedPort ?? port ?? DefaultPort);
        }

        /// <summary>
        /// Splits <c>user@rest</c> at the last '@', as ssh and scp do (a user name may itself hold '@'); false when
        /// <paramref name="text"/> holds no '@'. The one user@host rule for device strings, sftp:// URIs and user@host:path sides.
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

        /// <summary>True for <c>2222:rest</c> and <c>2222</c>: what a port written where scp puts a path looks like.</summary>
        internal static bool StartsWithNumber(string text)
        {
            int digits = 0;
            while (digits < text.Length && text[digits] >= '0' && text[digits] <= '9') digits++;
            return digits > 0 && (digits == text.Length || text[digits] == ':');
        }

        private static bool IsIPv6(string text) =>
            IPAddress.TryParse(text, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6;

        private static int ParsePort(string text, string value)
        {
            if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port >= 1 && port <= 65535) return port;
            throw Invalid(text, $"'{DisplayText.Visible(value)}' is not a port number (1-65535)");
        }

        /// <summary><c>host:2222:work</c>: a port written where scp puts a path, or a file named "2222:work"? Neither is guessed.</summary>
        private static RescaleSshException Ambiguous(string text, string user, string host, string after)
        {
            int colon = after.IndexOf(':');
            string number = colon < 0 ? after : after.Substring(0, colon);
            string who = string.IsNullOrEmpty(user) ? "user" : DisplayText.Visible(user);
            string where = DisplayText.Visible(host);
            return new RescaleSshException("DeviceInvalid", FailureCategory.InvalidArgument,
                $"The device '{DisplayText.Visible(text)}' cannot be used: after the computer name comes more than a port. " +
                $"Write the device as {who}@{where}:{DisplayText.Visible(number)} or sftp://{who}@{where}:{DisplayText.Visible(number)}, and give a path to Copy-RescaleItem.",
                text);
        }

        private static RescaleSshException Invalid(string text, string why, string fix = Spellings) =>
            new RescaleSshException("DeviceInvalid", FailureCategory.InvalidArgument,
                $"The device '{DisplayText.Visible(text)}' cannot be used: {why}. {fix}", text);

        /// <summary>known_hosts spelling: <c>host</c> on port 22, <c>[host]:port</c> otherwise.</summary>
        public string KnownHostsName => Port == DefaultPort ? ComputerName : $"[{ComputerName}]:{Port}";

        public override string ToString() =>
            Port == DefaultPort ? $"{UserName}@{ComputerName}" : $"{UserName}@{FormatHost(ComputerName)}:{Port}";

        internal static string FormatHost(string host) => host.Contains(":") ? "[" + host + "]" : host;

        public bool Equals(Device other) =>
            other != null && string.Equals(ComputerName, other.ComputerName, StringComparison.OrdinalIgnoreCase) &&
            string.Equals(UserName, other.UserName, StringComparison.Ordinal) && Port == other.Port;

        public override bool Equals(object obj) => Equals(obj as Device);

        public override int GetHashCode() =>
            StringComparer.OrdinalIgnoreCase.GetHashCode(ComputerName) ^ UserName.GetHashCode() ^ Port;
    }
}
