using System.Collections.Generic;
using System.Management.Automation;
using RescaleSsh.AuthorizedKeys;

namespace RescaleSsh.Commands
{
    /// <summary>
    /// Remove-RescaleAuthorizedKey: revokes keys with the same lock/temp/rename promises as Add, and refuses to
    /// remove the key the connection logged in with unless -Force (no locking yourself out).
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "RescaleAuthorizedKey", DefaultParameterSetName = SessionSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(AuthorizedKeyResult))]
    public sealed class RemoveRescaleAuthorizedKeyCommand : DeviceCommand<RemoveRescaleAuthorizedKeyCommand.Work>
    {
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = SessionSet)]
        [ValidateNotNullOrEmpty]
        public Session[] Session { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        public string[] Fingerprint { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string[] PublicKey { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        public string[] Comment { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
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
            var keys = PublicKey == null ? new List<AuthorizedKeyLine>() : PublicKeyInput.Resolve(this, PublicKey, null);
            var selector = new AuthorizedKeySelector(Fingerprint, keys, Comment, PowerShellWildcards.Instance);
            if (selector.IsEmpty)
            {
                throw new RescaleSshException("NoKeySelected", FailureCategory.InvalidArgument,
                    "Name the keys to remove with -Fingerprint, -PublicKey or -Comment, or pipe them from Get-RescaleAuthorizedKey.");
            }
            return new Work { Selector = selector, AuthorizedKeysPath = AuthorizedKeysPath };
        }

        internal override void ProcessDevice(DeviceContext context, Work work) =>
            new AuthorizedKeysService(context.Connection, context, context.Cancellation).Remove(work.Selector, work.AuthorizedKeysPath, Force);
    }
}
