using System.Collections.Generic;
using System.IO;
using RescaleSsh.Engine.Tests.Infrastructure;

namespace RescaleSsh.Engine.Tests.Agents
{
    /// <summary>Client keys made by ssh-keygen (and puttygen for Pageant): one of every type the agents hold.</summary>
    public static class LabKeys
    {
        public const string Passphrase = "correct horse battery";

        /// <summary>ssh-keygen -t and -b for each type under test.</summary>
        public static IEnumerable<object[]> Types => new[]
        {
            new object[] { "ed25519", 0 },
            new object[] { "ecdsa", 256 },
            new object[] { "ecdsa", 384 },
            new object[] { "ecdsa", 521 },
            new object[] { "rsa", 2048 },
        };

        /// <summary>Writes a new OpenSSH key pair and returns the private key's path (the .pub is beside it).</summary>
        public static string OpenSsh(TempFolder folder, string type, int bits, string comment, string passphrase = "")
        {
            string path = folder.Combine($"id_{type}{bits}_{comment}");
            var args = new List<string> { "-q", "-t", type, "-N", passphrase, "-C", comment, "-f", path };
            if (bits > 0) { args.Add("-b"); args.Add(bits.ToString()); }
            ExternalTool.Run("ssh-keygen", args).EnsureSuccess("ssh-keygen");
            return path;
        }

        public static string PublicLine(string privateKeyPath) => File.ReadAllText(privateKeyPath + ".pub").Trim();

        /// <summary>ssh-keygen -l's SHA256 fingerprint of a public key file.</summary>
        public static string Fingerprint(string privateKeyPath) =>
            ExternalTool.Run("ssh-keygen", "-l", "-E", "sha256", "-f", privateKeyPath + ".pub").EnsureSuccess("ssh-keygen -l").StdOut.Split(' ')[1];
    }
}
