using System;
using System.Management.Automation;
using System.Security;
using RescaleSsh.Connections;

namespace RescaleSsh.Commands
{
    /// <summary>
    /// Base of every cmdlet that reaches devices: the spec's shared connection parameters (proxies onto
    /// <see cref="ConnectionParameters"/>, in the "Device" parameter set: a session carries its own), -ThrottleLimit,
    /// and the worker pool that runs device or file work concurrently while every write and ShouldProcess happens on
    /// the pipeline thread. Ctrl+C stops the pool at once.
    /// </summary>
    public abstract class ConnectionCommand : PSCmdlet, IDisposable
    {
        protected const string DeviceSet = "Device";
        protected const string SessionSet = "Session";

        private readonly ConnectionParameters _connection = new ConnectionParameters();
        private ConcurrentPipeline _pipeline;
        private volatile bool _stopped;

        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = DeviceSet)]
        [ValidateRange(1, 65535)]
        public int Port { get => _connection.Port; set => _connection.Port = value; }

        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = DeviceSet)]
        [Alias("IdentityFile", "KeyFile")]
        [ValidateNotNullOrEmpty]
        public string KeyFilePath { get => _connection.KeyFilePath; set => _connection.KeyFilePath = value; }

        [Parameter(ParameterSetName = DeviceSet)]
        public SecureString KeyPassphrase { get => _connection.KeyPassphrase; set => _connection.KeyPassphrase = value; }

        [Parameter(ParameterSetName = DeviceSet)]
        [Credential]
        public PSCredential Credential { get => _connection.Credential; set => _connection.Credential = value; }

        [Parameter(ParameterSetName = DeviceSet)]
        [ValidateNotNullOrEmpty]
        public string KnownHostsPath { get => _connection.KnownHostsPath; set => _connection.KnownHostsPath = value; }

        [Parameter(ParameterSetName = DeviceSet)]
        public HostKeyPolicy HostKeyPolicy { get => _connection.HostKeyPolicy; set => _connection.HostKeyPolicy = value; }

        [Parameter(ParameterSetName = DeviceSet)]
        [ValidateNotNullOrEmpty]
        [ValidateHostKeyFingerprint]
        public string[] HostKeyFingerprint { get => _connection.HostKeyFingerprint; set => _connection.HostKeyFingerprint = value; }

        [Parameter(ParameterSetName = DeviceSet)]
        [ValidateRange(1, 3600)]
        public int ConnectTimeout { get => _connection.ConnectTimeout; set => _connection.ConnectTimeout = value; }

        [Parameter]
        [ValidateRange(1, 128)]
        public int ThrottleLimit { get; set; } = 8;

        /// <summary>The worker pool; exists from BeginProcessing on.</summary>
        internal ConcurrentPipeline Pipeline => _pipeline;

        /// <summary>The connection options for the current record (pipeline-bound parameters change per record).</summary>
        internal ConnectionOptions ResolveOptions() => _connection.Resolve(this);

        /// <summary>The user name a -Credential carries, for devices written without one.</summary>
        internal string CredentialUserName => _connection.Credential?.UserName;

        internal DeviceContext ContextFor(Device device, ConnectionOptions options, Session session) =>
            new DeviceContext(this, device, options, session);

        protected override void BeginProcessing()
        {
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
            GC.SuppressFinalize(this);
        }
    }
}
