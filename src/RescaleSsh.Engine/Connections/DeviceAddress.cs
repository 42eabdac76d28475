using System;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace RescaleSsh.Connections
{
    /// <summary>
    /// A device as the user wrote it, before ~/.ssh/config is consulted: <c>host</c>, <c>user@host</c>,
    /// <c>user@host:port</c>, <c>[v6addr]:port</c>, <c>sftp://user@host:port</c> (<see cref="SftpUri"/>), or a Host
    /// alias in any of those forms. The parts not written are null, so that the config (and then the defaults) can fill
    /// them in while anything written wins. <c>host:NUMBER:…</c> (a port written into an scp-style path) is refused as
    /// ambiguous. This is the one device-string parser; the user is split off at the last '@', as ssh does.
    /// </summary>
    internal sealed class DeviceAddress : IEquatable<DeviceAddress>
    {
        private const string Spellings = "Write it as user@host, user@host:port or sftp://user@host:port (or a Host alias from ~/.ssh/config).";

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

        /// <summary>Parses a device string; a malformed one is DeviceInvalid.</summary>
        public static DeviceAddress Parse(string text)
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
                var uri = SftpUri.Parse(text);
                if (uri.RemotePath.Length > 0 && uri.RemotePath != "/")
                {
                    throw Invalid(text, $"a device names no path (this URI names '{DisplayText.Visible(uri.Path)}')",
                        "Write it as sftp://user@host:port, and give paths to Copy-RescaleItem.");
                }
                return uri.Address;
            }
            return ParseAuthority(text, rest, decodeUser: false);
        }

        /// <summary>
        /// The <c>[user@]host[:port]</c> part of a device string or of an sftp:// URI (whose user is percent-encoded);
        /// <paramref name="original"/> is what the user wrote, for messages.
        /// </summary>
        internal static DeviceAddress ParseAuthority(string original, string authority, bool decodeUser)
        {
            string rest = authority;
            string user = null;
            if (Device.SplitUser(rest, out string written, out rest))
            {
                user = decodeUser ? Uri.UnescapeDataString(written) : written;
                if (user.Length == 0) throw Invalid(original, "the user name before '@' is empty");
            }

            string host = rest;
            int? port = null;
            if (rest.StartsWith("[", StringComparison.Ordinal))
            {
                int close = rest.IndexOf(']');
                if (close < 0) throw Invalid(original, "'[' has no matching ']'");
                host = rest.Substring(1, close - 1);
                string after = rest.Substring(close + 1);
                if (after.Length > 0)
                {
                    if (!after.StartsWith(":", StringComparison.Ordinal)) throw Invalid(original, "only ':port' may follow ']'");
                    port = ParsePort(original, after.Substring(1));
                }
            }
            else
            {
                int colon = rest.IndexOf(':');
                if (colon >= 0 && colon == rest.LastIndexOf(':'))
                {
                    host = rest.Substring(0, colon);
                    port = ParsePort(original, rest.Substring(colon + 1));
                }
                else if (colon >= 0 && !IsIPv6(rest))
                {
                    if (StartsWithNumber(rest.Substring(colon + 1))) throw Ambiguous(original, user, rest.Substring(0, colon), rest.Substring(colon + 1));
                    throw Invalid(original, "it is neither host:port nor an IPv6 address");
                }
            }

            if (host.Length == 0) throw Invalid(original, "the computer name is empty");
            if (!Device.IsHostName(host)) throw Invalid(original, "the computer name holds a space, slash or '@'");
            return new DeviceAddress(host, user, port);
        }

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

        /// <summary>A device for which nothing (string, -UserName, -Credential, config) names the user.</summary>
        internal static RescaleSshException NoUser(string text) =>
            new RescaleSshException("DeviceInvalid", FailureCategory.InvalidArgument,
                $"The device '{DisplayText.Visible(text)}' names no user: write it as user@host, pass -UserName, or set User for this host in ~/.ssh/config.", text);

        internal static RescaleSshException Invalid(string text, string why, string fix = Spellings) =>
            new RescaleSshException("DeviceInvalid", FailureCategory.InvalidArgument,
                $"The device '{DisplayText.Visible(text)}' cannot be used: {why}. {fix}", text);

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
