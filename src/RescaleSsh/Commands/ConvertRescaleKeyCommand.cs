using System.Collections.Generic;
using System;
using System.Linq;
using System.Management.Automation;
using System.Security;
using RescaleSsh.Keys;

namespace RescaleSsh.Commands
{
    /// <summary>Convert-RescaleKey: PuTTYgen's "Conversions" menu — a private key to OpenSSH format or to a PuTTY .ppk.</summary>
    [Cmdlet(VerbsData.Convert, "RescaleKey", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = "Path")]
    [OutputType(typeof(KeyPair))]
    public sealed class ConvertRescaleKeyCommand : PSCmdlet
    {
        [Parameter(Position = 0, Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = "Path")]
        [Alias("PrivateKeyPath", "FullName", "PSPath")]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; }

        [Parameter(Position = 1, Mandatory = true)]
        [ValidateSet("OpenSSH", "PuTTY", IgnoreCase = true)]
        public KeyFileFormat Format { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Destination { get; set; }

        [Parameter]
        public SecureString Passphrase { get; set; }

        [Parameter]
        public SecureString NewPassphrase { get; set; }

        [Parameter]
        [ValidateRange(1, OpenSshPrivateKeyReader.MaxRounds)]
        public int KdfRounds { get; set; } = OpenSshPrivateKeyWriter.DefaultRounds;

        [Parameter]
        [ValidateSet("SHA256", "MD5", IgnoreCase = true)]
        public string FingerprintHash { get; set; } = "SHA256";

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            List<string> sources;
            try
            {
                sources = LocalPaths.Resolve(this, Path, missingId: "KeyFileNotFound").ToList();
            }
            catch (RescaleSshException ex)
            {
                this.WriteFailure(ex, Path);
                return;
            }
            if (sources.Count > 1 && Destination != null)
            {
                this.ThrowFailure(new RescaleSshException("DestinationAmbiguous", FailureCategory.InvalidArgument,
                    $"-Path '{Path}' matches {sources.Count} files but -Destination names one file. Convert them one at a time, or omit -Destination.", Path), Path);
            }
            foreach (var source in sources)
            {
                try
                {
                    string destination = Destination != null
                        ? LocalPaths.ResolveOne(this, Destination)
                        : KeyStore.DefaultDestination(source, Format);
                    if (!ShouldProcess(destination, $"Convert '{source}' to {Format} format")) continue;
                    WriteObject(KeyStore.Convert(source, Format, destination, Passphrase, NewPassphrase, KdfRounds, Force, FingerprintHash));
                }
                catch (Exception ex) when (!(ex is PipelineStoppedException))
                {
                    this.WriteFailure(ex, source);
                }
            }
        }
    }
}
