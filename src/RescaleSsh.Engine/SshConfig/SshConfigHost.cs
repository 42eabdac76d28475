using System.Collections.Generic;

namespace RescaleSsh.SshConfig
{
    /// <summary>
    /// A host as OpenSSH's client config resolves it: the values this module uses, each with where it came from, and
    /// notes for the user (a setting this module reads differently from ssh). File names are expanded (~, %-tokens,
    /// ${VAR}); <see cref="ConfigValue{T}.Written"/> keeps the text as written.
    /// </summary>
    public sealed class SshConfigHost
    {
        internal SshConfigHost() { }

        /// <summary>The name the user gave (ssh's %n): an alias, or an address.</summary>
        public string OriginalHost { get; internal set; }

        /// <summary>The config file read, or null when none was (-NoSshConfig, or no ~/.ssh/config).</summary>
        public string ConfigFile { get; internal set; }

        /// <summary>The address to connect to: HostName with %h replaced, lower-cased as ssh does; the given name when there is no HostName.</summary>
        public ConfigValue<string> HostName { get; internal set; }

        public ConfigValue<string> User { get; internal set; }
        public ConfigValue<int> Port { get; internal set; }

        /// <summary>Key files in order; ssh's defaults (~/.ssh/id_rsa, id_ecdsa, …) with a Default source when nothing named any.</summary>
        public IReadOnlyList<ConfigValue<string>> IdentityFiles { get; internal set; }

        public ConfigValue<bool> IdentitiesOnly { get; internal set; }

        /// <summary>Null value when unset (use SSH_AUTH_SOCK and the Windows agents); "none" for no agent; "SSH_AUTH_SOCK"; or a socket or pipe path.</summary>
        public ConfigValue<string> IdentityAgent { get; internal set; }

        public IReadOnlyList<ConfigValue<string>> UserKnownHostsFiles { get; internal set; }
        public ConfigValue<StrictHostKeyChecking> StrictHostKeyChecking { get; internal set; }

        /// <summary>Seconds, or null for none (the system's TCP timeout).</summary>
        public ConfigValue<int?> ConnectTimeoutSeconds { get; internal set; }

        /// <summary>The name to look the host key up under in known_hosts, when set.</summary>
        public ConfigValue<string> HostKeyAlias { get; internal set; }

        /// <summary>Seconds between keep-alive messages; 0 for none.</summary>
        public ConfigValue<int> ServerAliveIntervalSeconds { get; internal set; }

        /// <summary>What the user should know about how this module read the config (e.g. StrictHostKeyChecking ask).</summary>
        public IReadOnlyList<string> Notes { get; internal set; }
    }
}
