using System.Collections.Generic;

namespace RescaleSsh.SshConfig
{
    /// <summary>
    /// The values obtained so far while the files are read. ssh keeps the first value obtained for each setting
    /// (list settings: the first line that sets them), so every setter here only fills an empty slot.
    /// </summary>
    internal sealed class ConfigReadState
    {
        internal (string Value, ConfigSource Source)? HostName;
        internal (string Value, ConfigSource Source)? User;
        internal (int Value, ConfigSource Source)? Port;
        internal readonly List<(string Written, ConfigSource Source)> IdentityFiles = new List<(string, ConfigSource)>();
        internal bool IdentityFilesFromCommandLine;
        internal (bool Value, ConfigSource Source)? IdentitiesOnly;
        internal (string Value, ConfigSource Source)? IdentityAgent;
        internal readonly List<(string Written, ConfigSource Source)> UserKnownHostsFiles = new List<(string, ConfigSource)>();
        internal int GlobalKnownHostsFiles;
        internal (StrictHostKeyChecking Value, ConfigSource Source)? StrictHostKeyChecking;
        internal (int Value, ConfigSource Source)? ConnectTimeout;
        internal (string Value, ConfigSource Source)? HostKeyAlias;
        internal (int Value, ConfigSource Source)? ServerAliveInterval;
        internal bool? BatchMode;
        internal (string Value, ConfigSource Source)? ProxyCommand;
        internal (string Value, ConfigSource Source)? ProxyJump;
        internal (int Value, ConfigSource Source)? CanonicalizeHostname;
        internal (string Value, ConfigSource Source)? BindAddress;
        internal (string Value, ConfigSource Source)? BindInterface;
        internal string IgnoreUnknown;
        internal int LinesRead;
    }
}
