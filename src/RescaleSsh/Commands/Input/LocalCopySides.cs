using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using RescaleSsh.Transfers;

namespace RescaleSsh.Commands
{
    /// <summary>
    /// The local side of a Copy-RescaleItem call, resolved with PowerShell's paths (the engine sees file system paths
    /// only): upload sources that exist (a missing one is a PathNotFound error, a wildcard matching nothing is quiet;
    /// -LiteralPath takes them as written), or the download destination (the current location when none is given).
    /// A destination written with a trailing '/' (or '\' on this side) names a folder, which the copy creates.
    /// </summary>
    internal static class LocalCopySides
    {
        private static readonly char[] Separators = { '/', '\\' };

        public static CopyRequest Request(PSCmdlet cmdlet, TransferRoute route, CopyPathInput input, string destination, TransferOptions options)
        {
            bool upload = route.Direction == TransferDirection.Upload;
            return new CopyRequest
            {
                Direction = route.Direction,
                Options = options,
                Wildcards = input.Literal ? (IWildcardSyntax)LiteralNames.Instance : PowerShellWildcards.Instance,
                Sources = upload ? ExistingSources(cmdlet, input.Paths, input.Literal) : route.RemotePaths,
                Destination = upload
                    ? route.RemoteDestination
                    : LocalPaths.ResolveOne(cmdlet, destination ?? cmdlet.SessionState.Path.CurrentFileSystemLocation.ProviderPath),
                DestinationIsFolder = upload
                    ? (route.RemoteDestination ?? "").EndsWith("/", System.StringComparison.Ordinal)
                    : destination != null && destination.Length > 1 && destination.IndexOfAny(Separators, destination.Length - 1) >= 0,
            };
        }

        /// <summary>True under -WhatIf (the switch or $WhatIfPreference).</summary>
        public static bool WhatIf(PSCmdlet cmdlet) =>
            (cmdlet.MyInvocation.BoundParameters.TryGetValue("WhatIf", out var given) && LanguagePrimitives.IsTrue(given)) ||
            LanguagePrimitives.IsTrue(cmdlet.GetVariableValue("WhatIfPreference"));

        private static List<string> ExistingSources(PSCmdlet cmdlet, IReadOnlyList<string> paths, bool literal)
        {
            var sources = new List<string>();
            foreach (var path in paths)
            {
                IReadOnlyList<string> resolved;
                try
                {
                    resolved = LocalPaths.Resolve(cmdlet, path, literal);
                }
                catch (RescaleSshException ex)
                {
                    cmdlet.WriteFailure(ex, path);
                    continue;
                }
                bool wildcard = !literal && WildcardPattern.ContainsWildcardCharacters(path);
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
