using System;
using System.Linq;
using RescaleSsh.Connections;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// A remote side written scp-style: <c>user@host:path</c>, <c>user@[v6addr]:path</c>, or <c>host:path</c> where
    /// host is a Host alias from ~/.ssh/config (or any name the config then gives a user); or as the URI FileZilla,
    /// WinSCP and curl take, <c>sftp://user@host:port/path</c> (<see cref="SftpUri"/>). In the scp form the port comes
    /// from -Port or the config, as with scp's -P. The user is split off at the last '@' before the host's ':'
    /// (Device's rule). A local path never parses as one: a slash or backslash before that ':' makes it local
    /// (./a:b, /x/a:b), and so does a single letter before it (C:\data, C:data are Windows drives).
    /// <c>user@host:2222:work/</c> is refused: scp would read a file "2222:work/" where the user meant a port.
    /// </summary>
    internal sealed class RemoteLocation
    {
        private RemoteLocation(DeviceAddress address, string path)
        {
            Address = address;
            Path = path;
        }

        /// <summary>The device as written; resolved through ~/.ssh/config by the command.</summary>
        public DeviceAddress Address { get; }
        public string Path { get; }

        public static bool TryParse(string text, out RemoteLocation location)
        {
            location = null;
            if (SftpUri.IsUri(text))
            {
                var uri = SftpUri.Parse(text);
                location = new RemoteLocation(uri.Address, uri.RemotePath);
                return true;
            }
            int colon = SideSeparator(text);
            if (colon < 0) return false;
            string user = null;
            if (Device.SplitUser(text.Substring(0, colon), out string written, out string host))
            {
                if (written.Length == 0) return false;
                user = written;
            }
            else if (host.Length == 1) return false; // a drive letter
            if (host.StartsWith("[", StringComparison.Ordinal) && host.EndsWith("]", StringComparison.Ordinal)) host = host.Substring(1, host.Length - 2);
            if (!Device.IsHostName(host)) return false;
            string path = text.Substring(colon + 1);
            if (DeviceAddress.StartsWithNumber(path)) throw Ambiguous(text, user, host, path);
            location = new RemoteLocation(new DeviceAddress(host, user, null), path);
            return true;
        }

        /// <summary>True for <c>[user@]host:2222</c>: a device string with a port, which no remote side can be.</summary>
        public static bool IsDeviceWithPort(string text)
        {
            int colon = SideSeparator(text);
            if (colon < 0) return false;
            string after = text.Substring(colon + 1);
            return after.Length > 0 && after.All(c => c >= '0' && c <= '9');
        }

        /// <summary>The message shows both spellings that say it: the scp form with -Port, and the sftp:// URI.</summary>
        private static RescaleSshException Ambiguous(string text, string user, string host, string path)
        {
            int colon = path.IndexOf(':');
            string number = colon < 0 ? path : path.Substring(0, colon);
            string rest = colon < 0 ? "" : path.Substring(colon + 1);
            string who = DisplayText.Visible(user ?? "user"), where = DisplayText.Visible(host), shownRest = DisplayText.Visible(rest);
            string side = user == null ? where : $"{who}@{where}";
            return new RescaleSshException("RemotePathAmbiguous", FailureCategory.InvalidArgument,
                $"'{DisplayText.Visible(text)}' is ambiguous: {number} may be a port or the start of a name. " +
                $"For port {number}, write {side}:{shownRest} -Port {number}, or {SftpUri.Format(who, where, number, shownRest)}; " +
                $"for a file or folder named '{DisplayText.Visible(path)}' in the home, write {side}:./{DisplayText.Visible(path)}.",
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

        public override string ToString() => Address + ":" + Path;

        /// <summary>How results and errors name a file on the device: user@host:path, as scp writes it.</summary>
        public static string Format(Device device, string path)
        {
            string host = device.ComputerName.Contains(":") ? "[" + device.ComputerName + "]" : device.ComputerName;
            return $"{device.UserName}@{host}:{path}";
        }
    }
}
