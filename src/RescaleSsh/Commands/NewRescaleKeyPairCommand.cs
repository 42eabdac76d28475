using System;
using System.Linq;
using System.Management.Automation;
using System.Security;
using RescaleSsh.Keys;

namespace RescaleSsh.Commands
{
    /// <summary>New-RescaleKeyPair: generates a key pair into files, as PuTTYgen ("Generate", "Export OpenSSH key") and ssh-keygen do.</summary>
    [Cmdlet(VerbsCommon.New, "RescaleKeyPair", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = "Generate")]
    [OutputType(typeof(KeyPair))]
    public sealed class NewRescaleKeyPairCommand : PSCmdlet
    {
        [Parameter(Position = 0, ParameterSetName = "Generate")]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; }

        [Parameter(ParameterSetName = "Generate")]
        public KeyAlgorithm Algorithm { get; set; } = KeyAlgorithm.RSA;

        [Parameter(ParameterSetName = "Generate")]
        public int KeySize { get; set; }

        [Parameter(ParameterSetName = "Generate")]
        [AllowEmptyString]
        public string Comment { get; set; }

        [Parameter(ParameterSetName = "Generate")]
        public SecureString Passphrase { get; set; }

        [Parameter(ParameterSetName = "Generate")]
        [ValidateRange(1, OpenSshPrivateKeyReader.MaxRounds)]
        public int KdfRounds { get; set; } = OpenSshPrivateKeyWriter.DefaultRounds;

        [Parameter(ParameterSetName = "Generate")]
        public KeyFileFormat Format { get; set; } = KeyFileFormat.OpenSSH;

        [Parameter(ParameterSetName = "Generate")]
        [ValidateSet("SHA256", "MD5", IgnoreCase = true)]
        public string FingerprintHash { get; set; } = "SHA256";

        [Parameter(ParameterSetName = "Generate")]
        public SwitchParameter Force { get; set; }

        private int? RequestedSize => MyInvocation.BoundParameters.ContainsKey(nameof(KeySize)) ? KeySize : (int?)null;

        protected override void BeginProcessing()
        {
            try
            {
                KeyGenerator.ValidateSize(Algorithm, RequestedSize);
            }
            catch (RescaleSshException ex)
            {
                this.ThrowFailure(ex, ex.Target);
            }
        }

        protected override void ProcessRecord()
        {
            string path = LocalPaths.ResolveOne(this,
                string.IsNullOrEmpty(Path) ? System.IO.Path.Combine("~", ".ssh", "rescale_" + Algorithm.ToString().ToLowerInvariant()) : Path);
            int size = KeyGenerator.ValidateSize(Algorithm, RequestedSize);
            var targets = KeyStore.TargetsFor(path, Format);
            string files = string.Join(", ", new[] { targets.OpenSsh, targets.Putty, targets.Public }.Where(f => f != null));
            string action = $"Create {Algorithm}{(Algorithm == KeyAlgorithm.Ed25519 ? "" : "-" + size)} key pair{(Force ? " (overwriting existing files)" : "")}";
            if (!ShouldProcess(files, action)) return;
            try
            {
                string comment = Comment ?? Environment.UserName + "@" + Environment.MachineName;
                WriteObject(KeyStore.Create(path, Algorithm, RequestedSize, comment, Passphrase, KdfRounds, Format, Force, FingerprintHash));
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException))
            {
                this.WriteFailure(ex, path);
            }
        }
    }
}
