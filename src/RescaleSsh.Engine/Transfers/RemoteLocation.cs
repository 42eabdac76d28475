using System;
using RescaleSsh.Connections;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// A remote side written scp-style: <c>user@host:path</c> (or <c>user@[v6addr]:path</c>). The port comes
    /// from -Port, as with scp's -P. The user is split off at the last '@' before the host's ':' (Device's rule);
    /// a local path never parses as one: a slash before that ':' makes it local, and a user name is required.
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
            int colon = SideSeparator(text);
            if (colon < 0) return false;
            if (!Device.SplitUser(text.Substring(0, colon), out string user, out string host)) return false;
            if (user.Length == 0) return false;
            if (host.StartsWith("[", StringComparison.Ordinal) && host.EndsWith("]", StringComparison.Ordinal)) host = host.Substring(1, host.Length - 2);
            if (!Device.IsHostName(host)) return false;
            location = new RemoteLocation(new Device(host, user, port), text.Substring(colon + 1));
            return true;
        }

        /// <summary>
        /// Where the host ends, as scp finds it: the first ':' outside [brackets]; a slash or backslash before it means
        /// a local path (./a:b). -1 when there is none.
        /// </summary>
        private static int SideSeparator(string text)
        {
            if (string.IsNullOrEmpty(text) || text[0] == ':') return -1;
            bool bracket = false;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '[') bracket = true;
                else if (c == ']') bracket = false;
                else if (c == '/' || c == '\\') return -1;
                else if (c == ':' && !bracket) return i;
            }
            return -1;
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
