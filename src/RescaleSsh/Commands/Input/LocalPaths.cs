using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace RescaleSsh.Commands
{
    /// <summary>
    /// The one rule for local paths, as the built-in cmdlets have it: a path with wildcards (unless literal) expands to
    /// the items it matches, and matching none is not an error; any other path is taken as written (relative to the
    /// current location, ~ expanded) whether or not it exists, and the caller says what a missing item means. Only
    /// file system paths are accepted; a path on a drive that does not exist here (C:\ on Linux) is missing, reported
    /// with the caller's id (KeyFileNotFound for a key file).
    /// </summary>
    internal static class LocalPaths
    {
        internal static IReadOnlyList<string> Resolve(PSCmdlet cmdlet, string path, bool literal = false, string missingId = "PathNotFound")
        {
            ProviderInfo provider;
            List<string> resolved;
            try
            {
                if (!literal && WildcardPattern.ContainsWildcardCharacters(path))
                {
                    resolved = cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out provider).ToList();
                }
                else
                {
                    resolved = new List<string> { cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _) };
                }
            }
            catch (ItemNotFoundException)
            {
                return Array.Empty<string>();
            }
            catch (DriveNotFoundException)
            {
                throw new RescaleSshException(missingId, FailureCategory.ObjectNotFound,
                    $"Cannot find path '{path}': its drive does not exist here. Give a path on this computer.", path);
            }
            if (provider.Name != "FileSystem")
            {
                throw new RescaleSshException("NotAFileSystemPath", FailureCategory.InvalidArgument,
                    $"'{path}' is a {provider.Name} path; give a file system path.", path);
            }
            return resolved;
        }

        /// <summary>One path, taken literally (parameters such as -KeyFilePath and -KnownHostsPath name one file).</summary>
        internal static string ResolveOne(PSCmdlet cmdlet, string path, string missingId = "PathNotFound") =>
            Resolve(cmdlet, path, literal: true, missingId: missingId)[0];

        /// <summary>The files and folders <paramref name="paths"/> name that exist; missing ones are skipped.</summary>
        internal static IEnumerable<string> Existing(PSCmdlet cmdlet, IEnumerable<string> paths) =>
            paths.SelectMany(p => Resolve(cmdlet, p)).Where(p => System.IO.File.Exists(p) || System.IO.Directory.Exists(p));
    }
}
