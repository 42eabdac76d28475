using System;
using System.Management.Automation;
using System.Security;
using RescaleSsh.Connections;
using RescaleSsh.SshConfig;

namespace RescaleSsh.Commands
{
    /// <summary>
    /// Base of every cmdlet that reaches devices: the spec's shared connection parameters (proxies onto
    /// <see cref="ConnectionParameters"/>, in the "Device" parameter set: a session carries its own), -ThrottleLimit,
    /// and the worker pool that runs device or file work concurrently while every write and ShouldProcess happens on
    /// the pipeline thread. Ctrl+C stops the pool at once. Per command it holds what every device's login shares (key
    /// files read once, one client per agent: <see cref="LoginSources"/>) and the ~/.ssh/config resolver (files read
    /// once: <see cref="DeviceResolver"/>); both are released when the command ends (sessions keep what they need).
    /// </summary>
    public abstract class ConnectionCommand : PSCmdlet, IDisposable
    {
        protected const string DeviceSet = "Device";
        protected const string SessionSet = "Session";

        private readonly ConnectionParameters _connection = new ConnectionParameters();
        private ConcurrentPipeline _pipeline;
        private LoginSources _logins;
        private DeviceResolver _devices;
        private volatile bool _stopped;

        /// <summary>
        /// The getter's 0 stands for "not given": it is what PowerShell restores between piped records, so a record
        /// without a Port takes the config's or 22, not the previous record's.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = DeviceSet)]
        [ValidateRange(1, 65535)]
        public int Port { get => _connection.Port ?? 0; set => _connection.Port = value > 0 ? value : (int?)null; }

        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = DeviceSet)]
        [Alias("IdentityFile", "KeyFile")]
        [ValidateNotNullOrEmpty]
        public string[] KeyFilePath { get => _connection.KeyFilePath; set => _connection.KeyFilePath = value; }

        [Parameter(ParameterSetName = DeviceSet)]
        public SecureString KeyPassphrase { get => _connection.KeyPassphrase; set => _connection.KeyPassphrase = value; }

        [Parameter(ParameterSetName = DeviceSet)]
        [Credential]
        public PSCredential Credential { get => _connection.Credential; set => _connection.Credential = value; }

        [Parameter(ParameterSetName = DeviceSet)]
        [ValidateNotNullOrEmpty]
        public string KnownHostsPath { get => _connection.KnownHostsPath; set => _connection.KnownHostsPath = value; }

        [Parameter(ParameterSetName = DeviceSet)]
        public HostKeyPolicy HostKeyPolicy { get => _connection.HostKeyPolicy ?? HostKeyPolicy.AcceptNew; set => _connection.HostKeyPolicy = value; }

        [Parameter(ParameterSetName = DeviceSet)]
        [ValidateNotNullOrEmpty]
        [ValidateHostKeyFingerprint]
        public string[] HostKeyFingerprint { get => _connection.HostKeyFingerprint; set => _connection.HostKeyFingerprint = value; }

        [Parameter(ParameterSetName = DeviceSet)]
        [ValidateRange(1, 3600)]
        public int ConnectTimeout { get => _connection.ConnectTimeout ?? ConnectionOptions.DefaultConnectTimeoutSeconds; set => _connection.ConnectTimeout = value; }

        [Parameter(ParameterSetName = DeviceSet)]
        public SwitchParameter Agent { get => _connection.Agent; set => _connection.Agent = value; }

        [Parameter(ParameterSetName = DeviceSet)]
        public SwitchParameter NoAgent { get => _connection.NoAgent; set => _connection.NoAgent = value; }

        [Parameter(ParameterSetName = DeviceSet)]
        [ValidateNotNullOrEmpty]
        public string AgentPath { get => _connection.AgentPath; set => _connection.AgentPath = value; }

        [Parameter(ParameterSetName = DeviceSet)]
        [ValidateNotNullOrEmpty]
        public string SshConfigPath { get => _connection.SshConfigPath; set => _connection.SshConfigPath = value; }

        [Parameter(ParameterSetName = DeviceSet)]
        public SwitchParameter NoSshConfig { get => _connection.NoSshConfig; set => _connection.NoSshConfig = value; }

        [Parameter]
        [ValidateRange(1, 128)]
        public int ThrottleLimit { get; set; } = 8;

        /// <summary>The worker pool; exists from BeginProcessing on.</summary>
        internal ConcurrentPipeline Pipeline => _pipeline;

        /// <summary>
        /// The device <paramref name="address"/> names (through ~/.ssh/config, the command line winning) and how to
        /// connect to it, for the current record (pipeline-bound parameters change per record).
        /// </summary>
        internal Device ResolveDevice(string text, DeviceAddress address, string userName, out ConnectionOptions options) =>
            Devices.Resolve(text, address, _connection.Resolve(this, userName), out options);

        /// <summary>What <see cref="ResolveDevice"/> would connect to, and where each value came from (Get-RescaleDevice).</summary>
        internal ResolvedDevice DescribeDevice(string text, DeviceAddress address, string userName) =>
            Devices.Describe(text, address, _connection.Resolve(this, userName));

        private DeviceResolver Devices
        {
            get
            {
                if (_devices != null) return _devices;
                var hooks = InternalHooks.Current;
                _logins = new LoginSources(hooks.AgentLocator);
                return _devices = new DeviceResolver(hooks.SshConfigEnvironment ?? SshConfigEnvironment.ForThisProcess(), _logins);
            }
        }

        /// <summary>The user name a -Credential carries, for devices written without one.</summary>
        internal string CredentialUserName => _connection.Credential?.UserName;

        internal DeviceContext ContextFor(Device device, ConnectionOptions options, Session session) =>
            new DeviceContext(this, device, options, session);

        /// <summary>A context for a device written as <paramref name="text"/>, resolved as every device string is (config, parameters).</summary>
        internal DeviceContext ContextFor(string text, DeviceAddress address, string userName)
        {
            var device = ResolveDevice(text, address, userName, out var options);
            return ContextFor(device, options, null);
        }

        /// <summary>A context for a device an object already names (a piped item or key), resolved like a device string.</summary>
        internal DeviceContext ContextFor(Device named) =>
            ContextFor(named.ToString(), new DeviceAddress(named.ComputerName, named.UserName, named.Port), null);

        protected override void BeginProcessing()
        {
            this.OrThrowFailure(_connection.Validate);
            _pipeline = new ConcurrentPipeline(ThrottleLimit);
        }

        /// <summary>
        /// Closes a connection the context opened. After Ctrl+C that happens on a thread of its own: closing sends a
        /// goodbye, which can block while a dead link keeps the send window full, and the pipeline must return at once.
        /// </summary>
        internal void Release(DeviceContext context)
        {
            if (_stopped) new System.Threading.Thread(context.Release) { IsBackground = true, Name = "RescaleSsh release" }.Start();
            else context.Release();
        }

        protected override void StopProcessing()
        {
            _stopped = true;
            _pipeline?.Stop();
        }

        public void Dispose()
        {
            _pipeline?.Dispose();
            _pipeline = null;
            _logins?.Dispose();
            _logins = null;
            GC.SuppressFinalize(this);
        }
    }
}
