using System;
using System.Linq;
using System.Management.Automation;
using System.Security;
using RescaleSsh.Agents;
using RescaleSsh.Connections;

namespace RescaleSsh.Commands
{
    /// <summary>
    /// The shared connection parameters as the user gave them; the cmdlet's parameters are proxies onto one of these
    /// (ClassExplorer's FindTypeCommand is the model). A value the user did not give stays null, so that ~/.ssh/config
    /// and then the defaults fill it in. <see cref="Resolve"/> turns them into the engine's request for one record:
    /// provider paths resolved, the credential split into user name and password, the runspace's hooks.
    /// </summary>
    internal sealed class ConnectionParameters
    {
        /// <summary>-Port; null when not given (0 is what PowerShell restores between piped records that had none).</summary>
        public int? Port { get; set; }
        public string[] KeyFilePath { get; set; }
        public SecureString KeyPassphrase { get; set; }
        public PSCredential Credential { get; set; }
        public string KnownHostsPath { get; set; }
        public HostKeyPolicy? HostKeyPolicy { get; set; }
        public string[] HostKeyFingerprint { get; set; }
        public int? ConnectTimeout { get; set; }
        public bool Agent { get; set; }
        public bool NoAgent { get; set; }
        public string AgentPath { get; set; }
        public string SshConfigPath { get; set; }
        public bool NoSshConfig { get; set; }

        /// <summary>One per command (this object lives as long as the cmdlet): every record's options share it.</summary>
        private readonly KnownHostsCache _knownHosts = new KnownHostsCache();

        /// <summary>Parameters that contradict each other, refused before any device is contacted.</summary>
        public void Validate()
        {
            if (Agent && NoAgent) throw Conflict("-Agent (the agent's keys only) and -NoAgent (no agent) contradict each other. Give one of them.");
            if (NoAgent && AgentPath != null) throw Conflict("-AgentPath names an agent and -NoAgent says not to use one. Give one of them.");
            if (SshConfigPath != null && NoSshConfig) throw Conflict("-SshConfigPath names a config file and -NoSshConfig says not to read one. Give one of them.");
        }

        /// <summary>The request for the current record (pipeline-bound parameters change per record).</summary>
        public ConnectionRequest Resolve(PSCmdlet cmdlet, string userName)
        {
            var keys = KeyFilePath?.Select(path => LocalPaths.ResolveOne(cmdlet, path, "KeyFileNotFound")).ToArray() ?? Array.Empty<string>();
            if (Agent && keys.Length > 0) throw Conflict("-Agent (the agent's keys only) and -KeyFilePath (these key files only) contradict each other. Give one of them.");
            return new ConnectionRequest
            {
                UserName = userName,
                Port = Port,
                KeyFilePaths = keys,
                KeyPassphrase = KeyPassphrase,
                Password = Credential?.Password,
                KnownHostsPath = KnownHostsPath == null ? null : LocalPaths.ResolveOne(cmdlet, KnownHostsPath),
                HostKeyPolicy = HostKeyPolicy,
                HostKeyFingerprints = (string[])HostKeyFingerprint?.Clone() ?? Array.Empty<string>(),
                ConnectTimeoutSeconds = ConnectTimeout,
                Agent = Agent ? AgentUse.Only : NoAgent ? AgentUse.None : AgentUse.Default,
                AgentPath = AgentSocket(cmdlet, AgentPath),
                SshConfigPath = SshConfigPath == null ? null : LocalPaths.ResolveOne(cmdlet, SshConfigPath),
                ReadSshConfig = !NoSshConfig,
                Hooks = InternalHooks.Current,
                KnownHosts = _knownHosts,
            };
        }

        /// <summary>A socket path is resolved like any local path; a Windows pipe name (\\.\pipe\…) and the word SSH_AUTH_SOCK are taken as written.</summary>
        internal static string AgentSocket(PSCmdlet cmdlet, string path) =>
            path == null || NamedPipeAgentTransport.IsPipePath(path) || path == AgentLocator.AuthSockVariable ? path : LocalPaths.ResolveOne(cmdlet, path);

        private static RescaleSshException Conflict(string message) =>
            new RescaleSshException("ParametersConflict", FailureCategory.InvalidArgument, message);
    }
}
