using System;
using System.Text;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// POSIX paths on the device as SFTP sees them: '/'-separated, relative paths start at the login home
    /// (where OpenSSH's sftp-server starts), "~" and "~/x" mean the home. Also the single-quote quoting that
    /// makes any name one word for the device's POSIX shell.
    /// </summary>
    internal static class RemotePath
    {
        /// <summary>The path as sent over SFTP: "~" prefixes dropped (SFTP paths are relative to the home), "" becomes ".".</summary>
        public static string Normalize(string path)
        {
            if (string.IsNullOrEmpty(path) || path == "~" || path == "~/") return ".";
            if (path.StartsWith("~/", StringComparison.Ordinal)) path = path.Substring(2);
            if (path.Length > 1) path = path.TrimEnd('/');
            return path.Length == 0 ? "/" : path;
        }

        public static string Join(string folder, string name)
        {
            if (string.IsNullOrEmpty(folder) || folder == ".") return name;
            return folder.EndsWith("/", StringComparison.Ordinal) ? folder + name : folder + "/" + name;
        }

        public static string GetLeaf(string path)
        {
            string trimmed = path.Length > 1 ? path.TrimEnd('/') : path;
            int slash = trimmed.LastIndexOf('/');
            return slash < 0 ? trimmed : trimmed.Substring(slash + 1);
        }

        /// <summary>The folder holding <paramref name="path"/>: "." for a bare name, "/" for a name in the root.</summary>
        public static string GetParent(string path)
        {
            string trimmed = path.Length > 1 ? path.TrimEnd('/') : path;
            int slash = trimmed.LastIndexOf('/');
            if (slash < 0) return ".";
            return slash == 0 ? "/" : trimmed.Substring(0, slash);
        }

        /// <summary>
        /// Quotes a path as one word for sh: inside single quotes nothing is special except the quote itself,
        /// written as '\''. A leading dash stays harmless because every command passes "--" before paths.
        /// </summary>
        public static string QuoteForShell(string path)
        {
            if (path.IndexOf('\0') >= 0) throw new ArgumentException("A path cannot hold a NUL character.", nameof(path));
            var quoted = new StringBuilder(path.Length + 2);
            quoted.Append('\'');
            foreach (char c in path)
            {
                if (c == '\'') quoted.Append("'\\''");
                else quoted.Append(c);
            }
            quoted.Append('\'');
            return quoted.ToString();
        }
    }
}
