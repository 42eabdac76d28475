using System;
using RescaleSsh.Transfers;

namespace RescaleSsh.Items
{
    /// <summary>
    /// Device paths as the item cmdlets take them: relative paths and "~" start at the login home, as sftp's do;
    /// results carry absolute paths. Also which paths are too precious to remove without -Force.
    /// </summary>
    internal static class DevicePaths
    {
        public static string Absolute(string home, string path)
        {
            string normalized = RemotePath.Normalize(path);
            if (normalized.StartsWith("/", StringComparison.Ordinal)) return Collapse(normalized);
            return Collapse(normalized == "." ? home : RemotePath.Join(home, normalized));
        }

        /// <summary>Drops "." segments and empty ones ("a/./b//c" → "a/b/c"); ".." is left to the device.</summary>
        private static string Collapse(string path)
        {
            var parts = path.Split('/');
            var kept = new System.Collections.Generic.List<string>(parts.Length);
            foreach (var part in parts)
            {
                if (part.Length == 0 || part == ".") continue;
                kept.Add(part);
            }
            return "/" + string.Join("/", kept);
        }

        /// <summary>
        /// Why removing <paramref name="absolute"/> would be a disaster, or null: the root, the home or a folder holding
        /// it, or a .ssh folder (the device's keys: removing them locks every user of the account out).
        /// </summary>
        public static string Precious(string home, string absolute)
        {
            string path = absolute.TrimEnd('/');
            string homeTrimmed = home.TrimEnd('/');
            if (path.Length == 0) return "it is the root of the device's file system";
            if (path == homeTrimmed) return "it is the login's home folder";
            if (homeTrimmed.StartsWith(path + "/", StringComparison.Ordinal)) return "it holds the login's home folder";
            if (RemotePath.GetLeaf(path) == ".ssh") return "it is a .ssh folder: it holds the keys that let you and others log in";
            return null;
        }
    }
}
