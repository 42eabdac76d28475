using System;
using RescaleSsh.Connections;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// A remote side written scp-style: <c>user@host:path</c> (or <c>user@[v6addr]:path</c>). The port comes
    /// from -Port, as with scp's -P. A local path never parses as one: the part before '@' must hold no
    /// slash or backslash, and the host must be followed by ':'.
    /// </summary>
    internal sealed class RemoteLocation
    {
        private RemoteLocation(Device device, string path)
        {
            Device = device;
            Path = path;
        }

        public Device Device { get; }
        public string Path { get; }

        public static bool TryParse(string text, int port, out RemoteLocation location)
        {
            location = null;
            if (string.IsNullOrEmpty(text)) return false;
            int at = text.IndexOf('@');
            if (at <= 0) return false;
            string user = text.Substring(0, at);
            if (user.IndexOfAny(new[] { '/', '\\', ':' }) >= 0) return false;
            string rest = text.Substring(at + 1);
            string host;
            string path;
            if (rest.StartsWith("[", StringComparison.Ordinal))
            {
                int close = rest.IndexOf("]:", StringComparison.Ordinal);
                if (close < 0) return false;
                host = rest.Substring(1, close - 1);
                path = rest.Substring(close + 2);
            }
            else
            {
                int colon = rest.IndexOf(':');
                if (colon <= 0) return false;
                host = rest.Substring(0, colon);
                path = rest.Substring(colon + 1);
            }
            if (host.Length == 0 || host.IndexOfAny(new[] { '/', '\\', ' ', '@' }) >= 0) return false;
            location = new RemoteLocation(new Device(host, user, port), path);
            return true;
        }

        public override string ToString() => Format(Device, Path);

        /// <summary>How results and errors name a file on the device: user@host:path, as scp writes it.</summary>
        public static string Format(Device device, string path)
        {
            string host = device.ComputerName.Contains(":") ? "[" + device.ComputerName + "]" : device.ComputerName;
            return $"{device.UserName}@{host}:{path}";
        }
    }
}
