using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using RescaleSsh.Transfers;

namespace RescaleSsh.Commands
{
    /// <summary>
    /// The local side of a Copy-RescaleItem call, resolved with PowerShell's paths (the engine sees file system paths
    /// only): upload sources that exist (a missing one is a PathNotFound error, a wildcard matching nothing is quiet),
    /// or the download destination (the current location when none is given).
    /// </summary>
    internal static class LocalCopySides
    {
        public static CopyRequest Request(PSCmdlet cmdlet, TransferRoute route, IReadOnlyList<string> paths, string destination, TransferOptions options)
        {
            bool upload = route.Direction == TransferDirection.Upload;
            return new CopyRequest
            {
                Direction = route.Direction,
                Options = options,
                Wildcards = PowerShellWildcards.Instance,
                Sources = upload ? ExistingSources(cmdlet, paths) : route.RemotePaths,
                Destination = upload
                    ? route.RemoteDestination
                    : LocalPaths.ResolveOne(cmdlet, destination ?? cmdlet.SessionState.Path.CurrentFileSystemLocation.ProviderPath),
            };
        }

        private static List<string> ExistingSources(PSCmdlet cmdlet, IReadOnlyList<string> paths)
        {
            var sources = new List<string>();
            foreach (var path in paths)
            {
                IReadOnlyList<string> resolved;
                try
                {
                    resolved = LocalPaths.Resolve(cmdlet, path);
                }
                catch (RescaleSshException ex)
                {
                    cmdlet.WriteFailure(ex, path);
                    continue;
                }
                bool wildcard = WildcardPattern.ContainsWildcardCharacters(path);
                foreach (var file in resolved)
                {
                    if (File.Exists(file) || Directory.Exists(file)) sources.Add(file);
                    else if (!wildcard) cmdlet.WriteFailure(Missing(path), path);
                }
            }
            return sources;
        }

        private static RescaleSshException Missing(string path) =>
            new RescaleSshException("PathNotFound", FailureCategory.ObjectNotFound, $"Cannot find path '{path}' because it does not exist.", path);
    }
}
