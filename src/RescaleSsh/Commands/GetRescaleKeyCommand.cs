using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Security;
using RescaleSsh.Keys;

namespace RescaleSsh.Commands
{
    /// <summary>Get-RescaleKey: describes existing key files (OpenSSH, PEM, PPK, .pub) or public key lines as KeyPair objects.</summary>
    [Cmdlet(VerbsCommon.Get, "RescaleKey", DefaultParameterSetName = "Path")]
    [OutputType(typeof(KeyPair))]
    public sealed class GetRescaleKeyCommand : PSCmdlet
    {
        [Parameter(Position = 0, Mandatory = true, ValueFromPipeline = true, ParameterSetName = "Path")]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; }

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = "LiteralPath")]
        [Alias("PSPath", "LP", "FullName")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = "PublicKey")]
        [ValidateNotNullOrEmpty]
        public string[] PublicKey { get; set; }

        [Parameter(ParameterSetName = "Path")]
        [Parameter(ParameterSetName = "LiteralPath")]
        public SecureString Passphrase { get; set; }

        [Parameter]
        [ValidateSet("SHA256", "MD5", IgnoreCase = true)]
        public string FingerprintHash { get; set; } = "SHA256";

        protected override void ProcessRecord()
        {
            switch (ParameterSetName)
            {
                case "PublicKey":
                    foreach (var line in PublicKey)
                    {
                        try
                        {
                            WriteObject(KeyStore.ReadPublicKeyLine(line, FingerprintHash));
                        }
                        catch (RescaleSshException ex)
                        {
                            this.WriteFailure(ex, null);
                        }
                    }
                    break;
                case "LiteralPath":
                    foreach (var path in LiteralPath)
                    {
                        foreach (var resolved in Resolve(path, literal: true)) ReadOne(resolved);
                    }
                    break;
                default:
                    foreach (var path in Path)
                    {
                        foreach (var resolved in Resolve(path, literal: false)) ReadOne(resolved);
                    }
                    break;
            }
        }

        private System.Collections.Generic.IReadOnlyList<string> Resolve(string path, bool literal)
        {
            try
            {
                return LocalPaths.Resolve(this, path, literal, "KeyFileNotFound");
            }
            catch (RescaleSshException ex)
            {
                this.WriteFailure(ex, path);
                return Array.Empty<string>();
            }
        }

        private void ReadOne(string path)
        {
            try
            {
                WriteObject(KeyStore.Read(path, Passphrase, FingerprintHash));
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException))
            {
                this.WriteFailure(ex, path);
            }
        }
    }
}
