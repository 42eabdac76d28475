using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using RescaleSsh.AuthorizedKeys;

namespace RescaleSsh.Commands
{
    /// <summary>
    /// Turns -PublicKey strings and -PublicKeyPath files (wildcards, several keys per file, CRLF, BOM) into keys,
    /// refusing anything that is not a public key before any device is contacted.
    /// </summary>
    internal static class PublicKeyInput
    {
        private const long MaxFileLength = 1024 * 1024;

        public static List<AuthorizedKeyLine> Resolve(PSCmdlet cmdlet, string[] publicKeys, string[] publicKeyPaths)
        {
            var keys = new List<AuthorizedKeyLine>();
            if (publicKeys != null)
            {
                for (int i = 0; i < publicKeys.Length; i++)
                {
                    if (string.IsNullOrWhiteSpace(publicKeys[i])) continue;
                    string source = publicKeys.Length == 1 ? "the -PublicKey value" : $"-PublicKey value {i + 1}";
                    keys.AddRange(PublicKeyParser.ParseKeys(publicKeys[i], source, "PublicKey"));
                }
            }
            if (publicKeyPaths != null)
            {
                foreach (string path in publicKeyPaths.Where(p => !string.IsNullOrWhiteSpace(p)))
                {
                    foreach (string file in ResolveFiles(cmdlet, path))
                    {
                        keys.AddRange(PublicKeyParser.ParseKeys(ReadText(file), $"'{file}'", file));
                    }
                }
            }
            var distinct = new List<AuthorizedKeyLine>();
            foreach (var key in keys)
            {
                if (!distinct.Any(k => k.Key.Equals(key.Key))) distinct.Add(key);
            }
            return distinct;
        }

        private static IEnumerable<string> ResolveFiles(PSCmdlet cmdlet, string path)
        {
            Collection<string> files;
            try
            {
                files = cmdlet.GetResolvedProviderPathFromPSPath(path, out var provider);
                if (provider.Name != "FileSystem") throw NotFound(path);
            }
            catch (ItemNotFoundException)
            {
                throw NotFound(path);
            }
            if (files.Count == 0) throw NotFound(path);
            return files.Where(f => !Directory.Exists(f)).DefaultIfEmpty(null).Select(f => f ?? throw NotFound(path));
        }

        private static string ReadText(string file)
        {
            try
            {
                var info = new FileInfo(file);
                if (info.Length > MaxFileLength)
                {
                    throw PublicKeyParser.NotAPublicKey(file, $"'{file}' is {info.Length} bytes, far too large for a public key file. Pass the .pub file.");
                }
                return new UTF8Encoding(false, false).GetString(File.ReadAllBytes(file));
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new RescaleSshException("PublicKeyFileUnreadable", FailureCategory.ReadError, $"Cannot read the public key file '{file}': {ex.Message}", file, ex);
            }
        }

        private static RescaleSshException NotFound(string path) =>
            new RescaleSshException("PublicKeyFileNotFound", FailureCategory.ObjectNotFound,
                $"No public key file matches '{path}'. Check the path, or create a key pair with New-RescaleKeyPair.", path);
    }
}
