using System;
using System.Collections.Generic;
using System.Linq;

namespace RescaleSsh.Connections
{
    /// <summary>
    /// The names in one folder on a device, for tab completion of remote paths: folders marked, "." and ".." left out,
    /// at most <c>max</c> names that start with the typed prefix (case-insensitively, as PowerShell completes local names).
    /// </summary>
    internal static class RemoteFolderNames
    {
        public static IReadOnlyList<(string Name, bool IsFolder)> List(DeviceConnection connection, string folder, string prefix, int max)
        {
            return connection.Sftp.ListDirectory(string.IsNullOrEmpty(folder) ? "." : folder)
                .Where(f => f.Name != "." && f.Name != ".." && f.Name.StartsWith(prefix ?? "", StringComparison.OrdinalIgnoreCase))
                .OrderBy(f => f.Name, StringComparer.Ordinal)
                .Take(max)
                .Select(f => (f.Name, f.IsDirectory))
                .ToList();
        }
    }
}
