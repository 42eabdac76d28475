using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security;
using System.Security.Cryptography;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Keys
{
    /// <summary>Shared helpers for the key tests: passphrases, the real tools' answers, folder snapshots.</summary>
    public static class KeyKit
    {
        public const string Pass = "correct horse 42";

        /// <summary>The key types the issue asks to prove: (name, -Algorithm, -KeySize or null, ssh-keygen -t, -b).</summary>
        public static readonly (string Name, string Algorithm, int? Size, string ToolType, int ToolBits)[] Types =
        {
            ("RSA-2048", "RSA", 2048, "rsa", 2048),
            ("RSA-4096", "RSA", null, "rsa", 4096),
            ("Ed25519", "Ed25519", null, "ed25519", 256),
            ("ECDSA-256", "ECDSA", null, "ecdsa", 256),
            ("ECDSA-384", "ECDSA", 384, "ecdsa", 384),
            ("ECDSA-521", "ECDSA", 521, "ecdsa", 521),
        };

        public static IEnumerable<object[]> TypeNames() => Types.Select(t => new object[] { t.Name });

        public static IEnumerable<object[]> TypeNamesWithAndWithoutPassphrase() =>
            Types.SelectMany(t => new[] { new object[] { t.Name, false }, new object[] { t.Name, true } });

        public static (string Name, string Algorithm, int? Size, string ToolType, int ToolBits) Type(string name) => Types.Single(t => t.Name == name);

        public static SecureString Secure(string text)
        {
            var s = new SecureString();
            foreach (var c in text) s.AppendChar(c);
            s.MakeReadOnly();
            return s;
        }

        /// <summary>A passphrase file for puttygen's --old-passphrase/--new-passphrase.</summary>
        public static string PassFile(TempFolder folder, string text = Pass)
        {
            string path = folder.Combine("pass-" + Guid.NewGuid().ToString("N").Substring(0, 6) + ".txt");
            File.WriteAllText(path, text + "\n");
            return path;
        }

        /// <summary>What `ssh-keygen -l -f file` prints as the fingerprint (second word).</summary>
        public static string ToolFingerprint(string file, string hash = "sha256") =>
            ExternalTool.Run("ssh-keygen", "-l", "-E", hash, "-f", file).EnsureSuccess("ssh-keygen -l").StdOut.Split(' ')[1];

        /// <summary>The public key line without comment: "type base64".</summary>
        public static string TypeAndBlob(string line)
        {
            var parts = line.Trim().Split(' ');
            return parts[0] + " " + parts[1];
        }

        public static Dictionary<string, string> Snapshot(string folder) =>
            Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
                .ToDictionary(f => f, f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

        public static UnixFileMode Mode(string path) => File.GetUnixFileMode(path);

        public static void AssertOwnerOnly(string path) =>
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));

        public static string NewKeyScript(string path, string algorithm, int? size, bool passphrase, string extra = "") =>
            $"New-RescaleKeyPair -Path '{path}' -Algorithm {algorithm}" + (size.HasValue ? $" -KeySize {size}" : "") +
            (passphrase ? " -Passphrase $pass" : "") + " -Comment 'test@rescale' " + extra;
    }
}
