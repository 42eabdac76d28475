using System;
using System.Collections.Generic;
using System.IO;
using System.Security;
using RescaleSsh.SshConfig;

namespace RescaleSsh.Connections
{
    /// <summary>
    /// How to connect to one device, resolved from the command line, ~/.ssh/config and the defaults
    /// (<see cref="DeviceResolver"/>): where its host key is looked up and recorded, and which keys log in.
    /// </summary>
    internal sealed class ConnectionOptions
    {
        public const int DefaultConnectTimeoutSeconds = 15;

        /// <summary>Tried in this order when no key file is named (the spec's default search order), in the user's ~/.ssh.</summary>
        public static readonly string[] DefaultKeyFileNames =
            { "rescale_ed25519", "rescale_ecdsa", "rescale_rsa", "id_ed25519", "id_ecdsa", "id_rsa" };

        /// <summary>The key files to offer, in order (several are tried within one connection).</summary>
        public IReadOnlyList<string> KeyFilePaths { get; set; } = Array.Empty<string>();

        /// <summary>
        /// True when the key files were named with -KeyFilePath: one that cannot be read is an error. Otherwise (config
        /// IdentityFile, default keys) a missing or unreadable file is skipped, as ssh does, and -Verbose says why.
        /// </summary>
        public bool KeyFilesGiven { get; set; }

        /// <summary>
        /// Extra SFTP channels a large upload will want (<see cref="Transfers.RangeSizing.ExtraChannelsAtLogin"/>): opened
        /// right after the login when the link looks long, instead of with the file. 0: none.
        /// </summary>
        public int ExtraChannelsAtLogin { get; set; }

        public SecureString KeyPassphrase { get; set; }
        /// <summary>Password for password login (-Credential's password); null or empty: no password login.</summary>
        public SecureString Password { get; set; }

        public AgentUse Agent { get; set; } = AgentUse.Default;
        /// <summary>The agent's socket or pipe (-AgentPath, IdentityAgent); null: SSH_AUTH_SOCK, then the Windows agents.</summary>
        public string AgentPath { get; set; }
        /// <summary>IdentitiesOnly: of the agent's keys, offer only those whose public key matches one of <see cref="KeyFilePaths"/>.</summary>
        public bool IdentitiesOnly { get; set; }

        public string KnownHostsPath { get; set; }
        /// <summary>UserKnownHostsFile's further files: searched for the device's key after <see cref="KnownHostsPath"/>, never written (as ssh does).</summary>
        public IReadOnlyList<string> MoreKnownHostsPaths { get; set; } = Array.Empty<string>();
        /// <summary>HostKeyAlias: the name the host key is looked up and recorded under, instead of the device's.</summary>
        public string HostKeyAlias { get; set; }
        public HostKeyPolicy HostKeyPolicy { get; set; } = HostKeyPolicy.AcceptNew;
        public IReadOnlyList<string> HostKeyFingerprints { get; set; } = Array.Empty<string>();
        public int ConnectTimeoutSeconds { get; set; } = DefaultConnectTimeoutSeconds;
        /// <summary>The command's parsed known_hosts files, shared by all its connections (issue 8); null: each check reads the file.</summary>
        public KnownHostsCache KnownHosts { get; set; }
        /// <summary>ServerAliveInterval: seconds between keep-alive messages; 0 for none.</summary>
        public int KeepAliveSeconds { get; set; }

        /// <summary>The test seams of the runspace the command runs in; <see cref="EngineHooks.Default"/> for users.</summary>
        public EngineHooks Hooks { get; set; } = EngineHooks.Default;

        /// <summary>The key files and agents the command's logins share; null: each login reads its own.</summary>
        public LoginSources Logins { get; set; }

        /// <summary>What ~/.ssh/config resolved the device to (for -Verbose); null when it was not consulted.</summary>
        public SshConfigHost Config { get; set; }

        public static string UserSshFolder =>
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".ssh");

        public string EffectiveKnownHostsPath => KnownHostsPath ?? Path.Combine(UserSshFolder, "known_hosts");

        /// <summary>The device as known_hosts names it: under HostKeyAlias when one is set (ssh then ignores the port).</summary>
        public Device KnownHostsDevice(Device device) =>
            string.IsNullOrEmpty(HostKeyAlias) ? device : new Device(HostKeyAlias, device.UserName);
    }
}
