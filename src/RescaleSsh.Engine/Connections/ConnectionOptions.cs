using System;
using System.Collections.Generic;
using System.IO;
using System.Security;

namespace RescaleSsh.Connections
{
    /// <summary>The shared connection parameters of every remote cmdlet, resolved to plain values.</summary>
    internal sealed class ConnectionOptions
    {
        public const int DefaultConnectTimeoutSeconds = 15;

        /// <summary>Tried in this order when no -KeyFilePath is given (the spec's default search order).</summary>
        public static readonly string[] DefaultKeyFileNames =
            { "rescale_ed25519", "rescale_ecdsa", "rescale_rsa", "id_ed25519", "id_ecdsa", "id_rsa" };

        public string KeyFilePath { get; set; }
        public SecureString KeyPassphrase { get; set; }
        /// <summary>Password for password login (-Credential's password); null or empty: no password login.</summary>
        public SecureString Password { get; set; }
        public string KnownHostsPath { get; set; }
        public HostKeyPolicy HostKeyPolicy { get; set; } = HostKeyPolicy.AcceptNew;
        public IReadOnlyList<string> HostKeyFingerprints { get; set; } = Array.Empty<string>();
        public int ConnectTimeoutSeconds { get; set; } = DefaultConnectTimeoutSeconds;
        /// <summary>The command's parsed known_hosts files, shared by all its connections (issue 8); null: each check reads the file.</summary>
        public KnownHostsCache KnownHosts { get; set; }
        /// <summary>The test seams of the runspace the command runs in; <see cref="EngineHooks.Default"/> for users.</summary>
        public EngineHooks Hooks { get; set; } = EngineHooks.Default;

        public static string UserSshFolder =>
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".ssh");

        public string EffectiveKnownHostsPath => KnownHostsPath ?? Path.Combine(UserSshFolder, "known_hosts");

        /// <summary>The key file to log in with: -KeyFilePath, else the first default that exists, else null.</summary>
        public string ResolveKeyFile()
        {
            if (!string.IsNullOrEmpty(KeyFilePath)) return KeyFilePath;
            foreach (var name in DefaultKeyFileNames)
            {
                string candidate = Path.Combine(UserSshFolder, name);
                if (File.Exists(candidate)) return candidate;
            }
            return null;
        }
    }
}
