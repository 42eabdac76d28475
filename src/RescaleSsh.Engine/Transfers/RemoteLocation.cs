using System;
using RescaleSsh.Connections;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// A remote side written scp-style, <c>user@host:path</c> (or <c>user@[v6addr]:path</c>), with the port from
    /// -Port as with scp's -P; or as the URI FileZilla, WinSCP and curl take, <c>sftp://user@host:port/path</c>
    /// (<see cref="SftpUri"/>). The user is split off at the last '@' before the host's ':' (Device's rule); a local
    /// path never parses as one: a slash before that ':' makes it local, and a user name is required.
    /// <c>user@host:2222:work/</c> is refused: scp would read a file "2222:work/" where the user meant a port.
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
            if (SftpUri.IsUri(text))
            {
                var uri = SftpUri.Parse(text, null, port);
                location = new RemoteLocation(uri.Device, uri.RemotePath);
                return true;
            }
            int colon = SideSeparator(text);
            if (colon < 0) return false;
            if (!Device.SplitUser(text.Substring(0, colon), out string user, out string host)) return false;
            if (user.Length == 0) return false;
            if (host.StartsWith("[", StringComparison.Ordinal) && host.EndsWith("]", StringComparison.Ordinal)) host = host.Substring(1, host.Length - 2);
            if (!Device.IsHostName(host)) return false;
            string path = text.Substring(colon + 1);
            if (Device.StartsWithNumber(path)) throw Ambiguous(text, user, text.Substring(user.Length + 1, colon - user.Length - 1), path);
            location = new RemoteLocation(new Device(host, user, port), path);
            return true;
        }

        /// <summary>The message shows both spellings that say it: the scp form with -Port, and the sftp:// URI.</summary>
        private static RescaleSshException Ambiguous(string text, string user, string host, string path)
        {
            int colon = path.IndexOf(':');
            string number = colon < 0 ? path : path.Substring(0, colon);
            string rest = colon < 0 ? "" : path.Substring(colon + 1);
            string who = DisplayText.Visible(user), where = DisplayText.Visible(host), shownRest = DisplayText.Visible(rest);
            return new RescaleSshException("RemotePathAmbiguous", FailureCategory.InvalidArgument,
                $"'{DisplayText.Visible(text)}' is ambiguous: {number} may be a port or the start of a name. " +
                $"For port {number}, write {who}@{where}:{shownRest} -Port {number}, or {SftpUri.Format(who, where, number, shownRest)}; " +
                $"for a file or folder named '{DisplayText.Visible(path)}' in the home, write {who}@{where}:./{DisplayText.Visible(path)}.",
                text);
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
