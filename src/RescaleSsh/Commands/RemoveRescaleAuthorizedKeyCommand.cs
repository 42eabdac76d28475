using System.Collections.Generic;
using System.Management.Automation;
using RescaleSsh.AuthorizedKeys;
using RescaleSsh.Connections;

namespace RescaleSsh.Commands
{
    /// <summary>
    /// Remove-RescaleAuthorizedKey: revokes keys with the same lock/temp/rename promises as Add, and refuses to
    /// remove the key the connection logged in with unless -Force (no locking yourself out).
    /// Get-RescaleAuthorizedKey's objects bind whole to -InputObject (their own parameter set, the default): each
    /// names its key, its device and the session it was read through, so no device parameter is needed. Were the
    /// Session set the default, PowerShell would bind the key selectors there by property name first and then give
    /// -ComputerName the object's string form (the key line) instead of its ComputerName.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "RescaleAuthorizedKey", DefaultParameterSetName = AuthorizedKeySet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(AuthorizedKeyResult))]
    public sealed class RemoveRescaleAuthorizedKeyCommand : DeviceCommand<RemoveRescaleAuthorizedKeyCommand.Work>
    {
        private const string AuthorizedKeySet = "AuthorizedKey";

        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = SessionSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SessionCompleter))]
        public Session[] Session { get; set; }

        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = AuthorizedKeySet)]
        [ValidateNotNullOrEmpty]
        public AuthorizedKey[] InputObject { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = DeviceSet)]
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = SessionSet)]
        [SupportsWildcards]
        public string[] Fingerprint { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = DeviceSet)]
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = SessionSet)]
        public string[] PublicKey { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = DeviceSet)]
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = SessionSet)]
        [SupportsWildcards]
        public string[] Comment { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = DeviceSet)]
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = SessionSet)]
        public string AuthorizedKeysPath { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override Session[] SessionInput => Session;

        /// <summary>One record's selection and target file.</summary>
        public sealed class Work
        {
            internal AuthorizedKeySelector Selector;
            internal string AuthorizedKeysPath;
        }

        internal override Work CreateWork()
        {
            if (ParameterSetName == AuthorizedKeySet) return null; // each piped key makes its own (ProcessLocal)
            var keys = PublicKey == null ? new List<AuthorizedKeyLine>() : PublicKeyInput.Resolve(this, PublicKey, null);
            var selector = new AuthorizedKeySelector(Fingerprint, keys, Comment, PowerShellWildcards.Instance);
            if (selector.IsEmpty)
            {
                throw new RescaleSshException("NoKeySelected", FailureCategory.InvalidArgument,
                    "Name the keys to remove with -Fingerprint, -PublicKey or -Comment, or pipe them from Get-RescaleAuthorizedKey.");
            }
            return new Work { Selector = selector, AuthorizedKeysPath = AuthorizedKeysPath };
        }

        /// <summary>The AuthorizedKey set: each key is removed from the file it was read from, through its session or from its device.</summary>
        internal override void ProcessLocal(Work unused)
        {
            foreach (var key in InputObject)
            {
                try
                {
                    var work = new Work
                    {
                        Selector = new AuthorizedKeySelector(null, PublicKeyInput.Resolve(this, new[] { key.PublicKey }, null), null, PowerShellWildcards.Instance),
                        AuthorizedKeysPath = key.AuthorizedKeysPath,
                    };
                    if (key.Session != null) Start(ContextFor(key.Session.Device, null, key.Session), work);
                    else Start(ContextFor(DeviceOf(key)), work);
                }
                catch (RescaleSshException ex)
                {
                    this.WriteFailure(ex, ex.Target ?? key);
                }
            }
        }

        private static Device DeviceOf(AuthorizedKey key)
        {
            if (string.IsNullOrEmpty(key.ComputerName))
            {
                throw new RescaleSshException("DeviceInvalid", FailureCategory.InvalidArgument,
                    $"The key '{DisplayText.Short(key.Comment)}' was read from the local file '{key.AuthorizedKeysPath}', not from a device. Name the device with -ComputerName, or -Session.",
                    key);
            }
            return new Device(key.ComputerName, key.UserName, key.Port ?? Device.DefaultPort);
        }

        internal override void ProcessDevice(DeviceContext context, Work work) =>
            new AuthorizedKeysService(context.Connection, new DeclinedItemFilter(context, this), context.Cancellation).Remove(work.Selector, work.AuthorizedKeysPath, Force);
    }
}
