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
                        keys.AddRange(PublicKeyParser.ParseKeys(PublicKeyParser.ReadKeyFile(file), $"'{file}'", file));
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

        private static List<string> ResolveFiles(PSCmdlet cmdlet, string path)
        {
            var files = LocalPaths.Resolve(cmdlet, path).Where(File.Exists).ToList();
            if (files.Count == 0) throw NotFound(path);
            return files;
        }

        private static RescaleSshException NotFound(string path) =>
            new RescaleSshException("PublicKeyFileNotFound", FailureCategory.ObjectNotFound,
                $"No public key file matches '{path}'. Check the path, or create a key pair with New-RescaleKeyPair.", path);
    }
}
