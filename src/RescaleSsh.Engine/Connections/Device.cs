using System;

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
        /// Parses <c>host</c>, <c>user@host</c>, <c>user@host:port</c>, <c>[v6addr]:port</c> (<see cref="DeviceAddress"/>);
        /// a part the string does not hold comes from <paramref name="userName"/> / <paramref name="port"/>. No config is read.
        /// </summary>
        public static Device Parse(string text, string userName = null, int? port = null)
        {
            var address = DeviceAddress.Parse(text);
            string user = address.UserName ?? userName;
            if (string.IsNullOrEmpty(user)) throw DeviceAddress.NoUser(text);
            return new Device(address.Host, user, address.Port ?? port ?? DefaultPort);
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
