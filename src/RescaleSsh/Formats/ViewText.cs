using System;
using System.Globalization;
using RescaleSsh.Transfers;

namespace RescaleSsh.Formats
{
    /// <summary>
    /// What RescaleSsh.format.ps1xml's script blocks call so that the default tables stay readable at 80 columns:
    /// text from a device or a file (key comments, options, remote names, server versions) with control characters
    /// and bidi overrides made visible by the engine's one routine (<see cref="DisplayText"/>), paths cut to their
    /// leaf, key types and sizes in a few characters. Public only because a format file can call nothing else; the
    /// objects keep their true values, and the list views show them whole.
    /// </summary>
    public static class ViewText
    {
        private static readonly char[] Separators = { '/', '\\' };
        private static readonly string[] Units = { "B", "KB", "MB", "GB", "TB" };

        public static string Visible(string text) => DisplayText.Visible(text);

        /// <summary>At most <paramref name="max"/> characters and an ellipsis, so that one long value cannot push the other columns off an 80-column table.</summary>
        public static string Cut(string text, int max) => text == null ? null : DisplayText.Short(text, max);

        /// <summary>
        /// The last part of a local path or of a remote side (user@host:path), with "/" kept on a folder: the name a
        /// table shows where the full path would not fit.
        /// </summary>
        public static string Leaf(string path)
        {
            if (string.IsNullOrEmpty(path)) return path;
            string trimmed = path.TrimEnd(Separators);
            if (trimmed.Length == 0) return DisplayText.Visible(path);
            int cut = trimmed.LastIndexOfAny(Separators);
            if (cut < 0 && RemoteLocation.TryParse(trimmed, out _)) cut = trimmed.LastIndexOf(':'); // user@host:name
            string leaf = trimmed.Substring(cut + 1);
            return DisplayText.Visible(trimmed.Length < path.Length ? leaf + "/" : leaf);
        }

        /// <summary>The device of a remote side (<c>user@host</c> of <c>user@host:path</c>), or "" for a local path.</summary>
        public static string DeviceOf(string side)
        {
            try
            {
                return side != null && RemoteLocation.TryParse(side, out var location) ? DisplayText.Visible(location.Address.ToString()) : "";
            }
            catch (RescaleSshException)
            {
                return "";
            }
        }

        /// <summary><c>user@host</c>, or <c>user@host:port</c> off port 22, as device strings are written.</summary>
        public static string Device(string computerName, string userName, int? port) =>
            computerName == null ? "" : DisplayText.Visible(new Connections.Device(computerName, userName ?? "", port ?? Connections.Device.DefaultPort).ToString());

        /// <summary>
        /// A key's type in a few characters: RSA-4096, Ed25519, ECDSA-256 (the size left out where it is not known, 0),
        /// and the SSH name for anything else.
        /// </summary>
        public static string KeyType(string algorithm, int keySize)
        {
            string size = keySize > 0 ? "-" + keySize.ToString(CultureInfo.InvariantCulture) : "";
            switch (algorithm)
            {
                case "ssh-rsa": case "RSA": return "RSA" + size;
                case "ssh-dss": return "DSA" + size;
                case "ssh-ed25519": case "Ed25519": return "Ed25519";
                case "ECDSA": return "ECDSA" + size;
                case "ecdsa-sha2-nistp256": case "ecdsa-sha2-nistp384": case "ecdsa-sha2-nistp521": return "ECDSA-" + algorithm.Substring(algorithm.Length - 3);
                default: return DisplayText.Visible(algorithm);
            }
        }

        /// <summary>KeyType for a result that carries no size.</summary>
        public static string KeyType(string algorithm) => KeyType(algorithm, 0);

        /// <summary>A size as people read it: 12 B, 117.7 MB, 5.0 GB.</summary>
        public static string Size(long bytes)
        {
            double value = bytes;
            int unit = 0;
            while (value >= 1024 && unit < Units.Length - 1)
            {
                value /= 1024;
                unit++;
            }
            return unit == 0 ? $"{bytes} B" : value.ToString("0.0", CultureInfo.CurrentCulture) + " " + Units[unit];
        }

        /// <summary>The first sentence of a message (what happened); the list view shows the rest (what to do).</summary>
        public static string FirstSentence(string message)
        {
            if (string.IsNullOrEmpty(message)) return message;
            int end = message.IndexOf(". ", StringComparison.Ordinal);
            return DisplayText.Visible(end < 0 ? message : message.Substring(0, end + 1));
        }
    }
}
