using System;
using System.Management.Automation;
using RescaleSsh.AuthorizedKeys;

namespace RescaleSsh.Commands
{
    /// <summary>Get-RescaleAuthorizedKey: the seed's <c>cat ~/.ssh/authorized_keys</c>, as objects, from a device or a local file.</summary>
    [Cmdlet(VerbsCommon.Get, "RescaleAuthorizedKey", DefaultParameterSetName = SessionSet)]
    [OutputType(typeof(AuthorizedKey))]
    public sealed class GetRescaleAuthorizedKeyCommand : DeviceCommand<GetRescaleAuthorizedKeyCommand.Work>
    {
        private const string LocalSet = "Local";

        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = SessionSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SessionCompleter))]
        public Session[] Session { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = LocalSet, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = DeviceSet)]
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = SessionSet)]
        public string AuthorizedKeysPath { get; set; }

        [Parameter]
        [SupportsWildcards]
        public string[] Fingerprint { get; set; }

        [Parameter]
        [SupportsWildcards]
        public string[] Comment { get; set; }

        protected override Session[] SessionInput => Session;

        /// <summary>One record's file and filter.</summary>
        public sealed class Work
        {
            internal string AuthorizedKeysPath;
            internal Func<SshPublicKey, bool> Filter;
        }

        internal override Work CreateWork() => new Work
        {
            AuthorizedKeysPath = AuthorizedKeysPath,
            Filter = AuthorizedKeySelector.Filter(Fingerprint, Comment, PowerShellWildcards.Instance),
        };

        internal override void ProcessDevice(DeviceContext context, Work work) =>
            new AuthorizedKeysService(context.Connection, SessionStamp.For(context), context.Cancellation).List(work.AuthorizedKeysPath, work.Filter);

        internal override void ProcessLocal(Work work)
        {
            var host = new CmdletHost(this);
            foreach (string file in LocalPaths.Existing(this, Path))
            {
                try
                {
                    AuthorizedKeyListing.Emit(AuthorizedKeysFile.ReadLocal(file), null, file, work.Filter, host);
                }
                catch (RescaleSshException ex)
                {
                    this.WriteFailure(ex, file);
                }
            }
        }
    }
}
