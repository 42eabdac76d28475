using System;
using System.Management.Automation;
using System.Security;
using RescaleSsh.Connections;

namespace RescaleSsh.Commands
{
    /// <summary>
    /// The shared connection parameters as the user gave them; the cmdlet's parameters are proxies onto one of these
    /// (ClassExplorer's FindTypeCommand is the model). <see cref="Resolve"/> turns them into the engine's options for
    /// one record: provider paths resolved, the credential split into user name and password, the runspace's hooks.
    /// </summary>
    internal sealed class ConnectionParameters
    {
        public int Port { get; set; } = Device.DefaultPort;
        public string KeyFilePath { get; set; }
        public SecureString KeyPassphrase { get; set; }
        public PSCredential Credential { get; set; }
        public string KnownHostsPath { get; set; }
        public HostKeyPolicy HostKeyPolicy { get; set; } = HostKeyPolicy.AcceptNew;
        public string[] HostKeyFingerprint { get; set; }
        public int ConnectTimeout { get; set; } = ConnectionOptions.DefaultConnectTimeoutSeconds;

        /// <summary>One per command (this object lives as long as the cmdlet): every record's options share it.</summary>
        private readonly KnownHostsCache _knownHosts = new KnownHostsCache();

        public ConnectionOptions Resolve(PSCmdlet cmdlet) => new ConnectionOptions
        {
            KeyFilePath = KeyFilePath == null ? null : LocalPaths.ResolveOne(cmdlet, KeyFilePath, "KeyFileNotFound"),
            KeyPassphrase = KeyPassphrase,
            Password = Credential?.Password,
            KnownHostsPath = KnownHostsPath == null ? null : LocalPaths.ResolveOne(cmdlet, KnownHostsPath),
            HostKeyPolicy = HostKeyPolicy,
            HostKeyFingerprints = (string[])HostKeyFingerprint?.Clone() ?? Array.Empty<string>(),
            ConnectTimeoutSeconds = ConnectTimeout,
            Hooks = InternalHooks.Current,
            KnownHosts = _knownHosts,
        };
    }
}
