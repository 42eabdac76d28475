using System;
using System.Collections.Generic;
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

        /// <summary>"Create RSA-4096 key pair", plus what it replaces and the folder it creates.</summary>
        private string Action(int size, List<string> files)
        {
            var replaced = files.Where(System.IO.File.Exists).Select(System.IO.Path.GetFileName).ToList();
            string folder = System.IO.Path.GetDirectoryName(files[files.Count - 1]);
            return $"Create {Algorithm}{(Algorithm == KeyAlgorithm.Ed25519 ? "" : "-" + size)} key pair" +
                   (replaced.Count > 0 ? $", replacing {string.Join(", ", replaced)}" : "") +
                   (System.IO.Directory.Exists(folder) ? "" : $", creating the folder '{folder}'");
        }

        protected override void ProcessRecord()
        {
            string path = LocalPaths.ResolveOne(this,
                string.IsNullOrEmpty(Path) ? System.IO.Path.Combine("~", ".ssh", "rescale_" + Algorithm.ToString().ToLowerInvariant()) : Path);
            int size = KeyGenerator.ValidateSize(Algorithm, RequestedSize);
            var targets = KeyStore.TargetsFor(path, Format);
            var files = new[] { targets.OpenSsh, targets.Putty, targets.Public }.Where(f => f != null).ToList();
            try
            {
                // Plan first, then ask: -WhatIf and -Confirm describe what the run would really do, and a run that
                // would fail (a file exists, no -Force) fails the same way under -WhatIf instead of promising "Create".
                KeyStore.CheckTargets(targets, Force);
            }
            catch (RescaleSshException ex)
            {
                this.WriteFailure(ex, ex.Target);
                return;
            }
            if (!ShouldProcess(string.Join(", ", files), Action(size, files))) return;
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
