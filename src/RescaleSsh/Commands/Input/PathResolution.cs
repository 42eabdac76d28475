using System.Collections.Generic;
using System.Management.Automation;
using RescaleSsh.Keys;

namespace RescaleSsh.Commands
{
    /// <summary>Resolves -Path values as the built-in cmdlets do: wildcards expand (matching nothing is not an error), a missing literal path is KeyFileNotFound.</summary>
    internal static class PathResolution
    {
        internal static IEnumerable<string> Resolve(RescaleCmdlet cmdlet, string path)
        {
            if (!WildcardPattern.ContainsWildcardCharacters(path))
            {
                return new[] { cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path) };
            }
            try
            {
                return cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out _);
            }
            catch (ItemNotFoundException)
            {
                return new string[0];
            }
        }
    }
}
