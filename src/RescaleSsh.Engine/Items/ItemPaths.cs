using System.Collections.Generic;
using System.Linq;
using System.Threading;
using RescaleSsh.Connections;
using RescaleSsh.Transfers;

namespace RescaleSsh.Items
{
    /// <summary>
    /// The device paths one -Path value names: wildcards (* ? [ ]) expand against the device's folders as a shell glob
    /// does (matching nothing is not an error, as with the built-in item cmdlets); a literal path, or one without
    /// wildcards, is taken as written, absolute (relative paths start at the login home).
    /// </summary>
    internal static class ItemPaths
    {
        public static IReadOnlyList<string> Resolve(DeviceConnection connection, string path, bool literal, IWildcardSyntax wildcards, CancellationToken cancellation)
        {
            string home = connection.Sftp.WorkingDirectory;
            if (literal || !wildcards.HasWildcards(path)) return new[] { DevicePaths.Absolute(home, path) };
            return new RemoteTree(new DeviceFileSystem(connection.Sftp), connection.Device).Expand(path, wildcards, PlanBudget.DefaultMaxEntries, cancellation)
                .Select(e => DevicePaths.Absolute(home, e.Path)).ToList();
        }
    }
}
