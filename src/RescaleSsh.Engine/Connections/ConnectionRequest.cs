using System;
using System.Collections.Generic;
using System.Security;

namespace RescaleSsh.Connections
{
    /// <summary>
    /// The connection parameters as the user gave them on the command line, for one record: null (or empty) means "not
    /// given", so that ~/.ssh/config and then the defaults apply. <see cref="DeviceResolver"/> turns it into each
    /// device's <see cref="ConnectionOptions"/>; what is given here always wins.
    /// </summary>
    internal sealed class ConnectionRequest
    {
        /// <summary>-UserName, or -Credential's user name; a user written in the device string wins over it.</summary>
        public string UserName { get; set; }
        /// <summary>-Port; a port written in the device string wins over it.</summary>
        public int? Port { get; set; }
        /// <summary>-KeyFilePath, resolved to file system paths: when given, the only keys offered.</summary>
        public IReadOnlyList<string> KeyFilePaths { get; set; } = Array.Empty<string>();
        public SecureString KeyPassphrase { get; set; }
        public SecureString Password { get; set; }
        public string KnownHostsPath { get; set; }
        public HostKeyPolicy? HostKeyPolicy { get; set; }
        public IReadOnlyList<string> HostKeyFingerprints { get; set; } = Array.Empty<string>();
        public int? ConnectTimeoutSeconds { get; set; }
        /// <summary>-Agent (Only) or -NoAgent (None).</summary>
        public AgentUse Agent { get; set; } = AgentUse.Default;
        /// <summary>-AgentPath: the agent's socket or pipe.</summary>
        public string AgentPath { get; set; }
        /// <summary>-SshConfigPath: a config file to read instead of ~/.ssh/config.</summary>
        public string SshConfigPath { get; set; }
        /// <summary>False for -NoSshConfig.</summary>
        public bool ReadSshConfig { get; set; } = true;
        public EngineHooks Hooks { get; set; } = EngineHooks.Default;
        /// <summary>The command's parsed known_hosts files, shared by all its connections.</summary>
        public KnownHostsCache KnownHosts { get; set; }
    }
}
