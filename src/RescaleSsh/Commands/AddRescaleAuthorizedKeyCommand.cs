using System.Collections.Generic;
using System.Management.Automation;
using RescaleSsh.AuthorizedKeys;

namespace RescaleSsh.Commands
{
    /// <summary>
    /// Add-RescaleAuthorizedKey: the seed's <c>cat KEY | ssh HOST '... >> ~/.ssh/authorized_keys ...'</c>, safely:
    /// idempotent, modes fixed, never half-written, no lost keys under concurrent writers (AuthorizedKeysService).
    /// </summary>
    [Cmdlet(VerbsCommon.Add, "RescaleAuthorizedKey", DefaultParameterSetName = SessionSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(AuthorizedKeyResult))]
    public sealed class AddRescaleAuthorizedKeyCommand : DeviceCommand<AddRescaleAuthorizedKeyCommand.Work>
    {
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = SessionSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SessionCompleter))]
        public Session[] Session { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string[] PublicKey { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("PublicKeyFile")]
        public string[] PublicKeyPath { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string AuthorizedKeysPath { get; set; }

        /// <summary>A key already present with other options gets the options given (otherwise it is left as it is, with a warning).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override Session[] SessionInput => Session;

        private string[] _beginKeys;
        private string[] _beginPaths;
        private List<AuthorizedKeyLine> _beginResolved;

        /// <summary>One record's keys and target file.</summary>
        public sealed class Work
        {
            internal List<AuthorizedKeyLine> Keys;
            internal string AuthorizedKeysPath;
        }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            // Keys given on the command line are read once, and a bad one stops the call before any device is contacted.
            if (PublicKey == null && PublicKeyPath == null) return;
            try
            {
                _beginResolved = PublicKeyInput.Resolve(this, PublicKey, PublicKeyPath);
            }
            catch (RescaleSshException ex)
            {
                this.ThrowFailure(ex, ex.Target);
            }
            _beginKeys = PublicKey;
            _beginPaths = PublicKeyPath;
        }

        internal override Work CreateWork()
        {
            var keys = _beginResolved != null && ReferenceEquals(PublicKey, _beginKeys) && ReferenceEquals(PublicKeyPath, _beginPaths)
                ? _beginResolved
                : PublicKeyInput.Resolve(this, PublicKey, PublicKeyPath);
            if (keys.Count == 0)
            {
                throw new RescaleSshException("NoPublicKey", FailureCategory.InvalidArgument,
                    "No public key was given. Pass -PublicKey (an OpenSSH public key line, or a KeyPair from the pipeline) or -PublicKeyPath (a .pub file).");
            }
            return new Work { Keys = keys, AuthorizedKeysPath = AuthorizedKeysPath };
        }

        internal override void ProcessDevice(DeviceContext context, Work work) =>
            new AuthorizedKeysService(context.Connection, context, context.Cancellation).Add(work.Keys, work.AuthorizedKeysPath, Force);
    }
}
