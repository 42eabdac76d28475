using System;

namespace RescaleSsh.Connections
{
    /// <summary>
    /// The URI FileZilla, WinSCP and curl take for an SFTP location, <c>sftp://[user@]host[:port][/path]</c>
    /// (draft-ietf-secsh-scp-sftp-ssh-uri-04): the one place both device strings (<see cref="DeviceAddress.Parse"/>) and
    /// Copy-RescaleItem's remote sides read it. The authority follows Device's user@host:port rule; the user name and
    /// path are percent-decoded. As in those tools the path is absolute, and a first segment "~" means the login home:
    /// <c>sftp://u@h:2222/~/work/</c> is <c>work/</c> in the home, <c>sftp://u@h:2222/data/</c> is <c>/data/</c>.
    /// </summary>
    internal sealed class SftpUri
    {
        private const string Scheme = "sftp://";

        private SftpUri(DeviceAddress address, string path)
        {
            Address = address;
            Path = path;
        }

        /// <summary>The device as written in the URI (parts not written are null, as in any device string).</summary>
        public DeviceAddress Address { get; }

        /// <summary>The URI's path, percent-decoded (<c>/~/work/</c>); null when the URI ends after the authority.</summary>
        public string Path { get; }

        /// <summary>The path as the module's remote paths are written: "" for the home, relative for "/~/…", else absolute.</summary>
        public string RemotePath
        {
            get
            {
                if (Path == null || Path == "/~" || Path == "/~/") return "";
                return Path.StartsWith("/~/", StringComparison.Ordinal) ? Path.Substring(3) : Path;
            }
        }

        public static bool IsUri(string text) =>
            text != null && text.TrimStart().StartsWith(Scheme, StringComparison.OrdinalIgnoreCase);

        /// <summary>Parses an sftp:// URI; a malformed one is DeviceInvalid.</summary>
        public static SftpUri Parse(string text)
        {
            string rest = text.Trim().Substring(Scheme.Length);
            int slash = rest.IndexOf('/');
            string authority = slash < 0 ? rest : rest.Substring(0, slash);
            string path = slash < 0 ? null : Uri.UnescapeDataString(rest.Substring(slash));
            if (Device.SplitUser(authority, out string user, out _) && user.IndexOf(';') >= 0)
            {
                throw new RescaleSshException("DeviceInvalid", FailureCategory.InvalidArgument,
                    $"The device '{DisplayText.Visible(text)}' cannot be used: connection parameters after ';' in an sftp:// URI are not supported. Pin the host key with -HostKeyFingerprint instead.",
                    text);
            }
            return new SftpUri(DeviceAddress.ParseAuthority(text, authority, decodeUser: true), path);
        }

        /// <summary>How a remote location is written as a URI, for messages: <c>sftp://user@host:port/~/path</c>.</summary>
        public static string Format(string user, string host, string port, string path)
        {
            string shown = string.IsNullOrEmpty(path) ? "/~/" : path.StartsWith("/", StringComparison.Ordinal) ? path : "/~/" + path;
            return $"{Scheme}{user}@{host}:{port}{shown}";
        }
    }
}
