using System;
using System.Collections.Generic;

namespace RescaleSsh
{
    /// <summary>
    /// A device as the connecting cmdlets would reach it (RescaleSsh.ResolvedDevice, from Get-RescaleDevice): the name
    /// given, resolved through ~/.ssh/config with the command line winning, and <see cref="Settings"/> telling where
    /// each value came from. Nothing is connected to resolve it.
    /// </summary>
    public sealed class ResolvedDevice
    {
        /// <summary>The name as given: an alias from ~/.ssh/config, an address, or user@host:port.</summary>
        public string Name { get; internal set; }

        /// <summary>The address connected to (HostName).</summary>
        public string ComputerName { get; internal set; }

        /// <summary>Null when nothing names the user (the cmdlets then refuse the device).</summary>
        public string UserName { get; internal set; }

        public int Port { get; internal set; }

        /// <summary>The key files offered, in order (after the agent's keys, when an agent is used).</summary>
        public IReadOnlyList<string> KeyFilePath { get; internal set; }

        /// <summary>Whether only agent keys matching <see cref="KeyFilePath"/> are offered (IdentitiesOnly).</summary>
        public bool IdentitiesOnly { get; internal set; }

        /// <summary>"none", "SSH_AUTH_SOCK and the Windows agents" (found when used), or the agent's socket or pipe.</summary>
        public string Agent { get; internal set; }

        /// <summary>The known_hosts file the host key is checked against and recorded in.</summary>
        public string KnownHostsPath { get; internal set; }

        /// <summary>Further known_hosts files (UserKnownHostsFile lists several): searched after <see cref="KnownHostsPath"/>, never written.</summary>
        public IReadOnlyList<string> MoreKnownHostsPaths { get; internal set; } = Array.Empty<string>();

        /// <summary>The name the host key is looked up under, when not the computer name (HostKeyAlias).</summary>
        public string HostKeyAlias { get; internal set; }

        public HostKeyPolicy HostKeyPolicy { get; internal set; }

        public int ConnectTimeout { get; internal set; }

        /// <summary>Seconds between keep-alive messages (ServerAliveInterval); 0 for none.</summary>
        public int ServerAliveInterval { get; internal set; }

        /// <summary>The config file read; null when none was (-NoSshConfig, or no ~/.ssh/config).</summary>
        public string ConfigFile { get; internal set; }

        /// <summary>Each value above with where it came from.</summary>
        public IReadOnlyList<DeviceSetting> Settings { get; internal set; }

        /// <summary>How this module reads the config differently from ssh (e.g. StrictHostKeyChecking ask).</summary>
        public IReadOnlyList<string> Notes { get; internal set; }

        public override string ToString() => UserName == null ? ComputerName : $"{UserName}@{ComputerName}:{Port}";
    }
}
