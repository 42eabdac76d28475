using System;
using System.Linq;
using System.Management.Automation;
using System.Security;
using RescaleSsh.Connections;

namespace RescaleSsh.Commands
{
    /// <summary>
    /// The spec's shared connection parameters (-Port, -KeyFilePath, -KeyPassphrase, -Credential, -KnownHostsPath,
    /// -HostKeyPolicy, -HostKeyFingerprint, -ConnectTimeout), in the "Device" parameter set, for every cmdlet
    /// that reaches a device by name: DeviceCommand's per-device cmdlets and Copy-RescaleItem's user@host:path form.
    /// </summary>
    public abstract class ConnectionCommand : RescaleCmdlet
    {
        protected const string DeviceSet = "Device";

        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = DeviceSet)]
        [ValidateRange(1, 65535)]
        public int Port { get; set; } = Device.DefaultPort;

        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = DeviceSet)]
        [Alias("IdentityFile", "KeyFile")]
        [ValidateNotNullOrEmpty]
        public string KeyFilePath { get; set; }

        [Parameter(ParameterSetName = DeviceSet)]
        public SecureString KeyPassphrase { get; set; }

        [Parameter(ParameterSetName = DeviceSet)]
        [Credential]
        public PSCredential Credential { get; set; }

        [Parameter(ParameterSetName = DeviceSet)]
        [ValidateNotNullOrEmpty]
        public string KnownHostsPath { get; set; }

        [Parameter(ParameterSetName = DeviceSet)]
        public HostKeyPolicy HostKeyPolicy { get; set; } = HostKeyPolicy.AcceptNew;

        [Parameter(ParameterSetName = DeviceSet)]
        [ValidateNotNullOrEmpty]
        [ValidateHostKeyFingerprint]
        public string[] HostKeyFingerprint { get; set; }

        [Parameter(ParameterSetName = DeviceSet)]
        [ValidateRange(1, 3600)]
        public int ConnectTimeout { get; set; } = ConnectionOptions.DefaultConnectTimeoutSeconds;

        internal ConnectionOptions BuildOptions() => new ConnectionOptions
        {
            KeyFilePath = KeyFilePath == null ? null : GetUnresolvedProviderPathFromPSPath(KeyFilePath),
            KeyPassphrase = KeyPassphrase,
            Password = Credential?.Password,
            KnownHostsPath = KnownHostsPath == null ? null : GetUnresolvedProviderPathFromPSPath(KnownHostsPath),
            HostKeyPolicy = HostKeyPolicy,
            HostKeyFingerprints = HostKeyFingerprint?.ToArray() ?? Array.Empty<string>(),
            ConnectTimeoutSeconds = ConnectTimeout,
        };
    }
}
