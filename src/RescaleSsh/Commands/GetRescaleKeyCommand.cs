using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Security;
using System.Threading;
using RescaleSsh.Agents;
using RescaleSsh.Keys;

namespace RescaleSsh.Commands
{
    /// <summary>
    /// Get-RescaleKey: describes existing key files (OpenSSH, PEM, PPK, .pub), public key lines, or the keys an SSH
    /// agent holds (-Agent: ssh-agent, the Windows OpenSSH agent, Pageant) as KeyPair objects.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "RescaleKey", DefaultParameterSetName = "Path")]
    [OutputType(typeof(KeyPair))]
    public sealed class GetRescaleKeyCommand : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();

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

        [Parameter(Mandatory = true, ParameterSetName = "Agent")]
        public SwitchParameter Agent { get; set; }

        [Parameter(ParameterSetName = "Agent")]
        [ValidateNotNullOrEmpty]
        public string AgentPath { get; set; }

        [Parameter]
        [ValidateSet("SHA256", "MD5", IgnoreCase = true)]
        public string FingerprintHash { get; set; } = "SHA256";

        protected override void ProcessRecord()
        {
            switch (ParameterSetName)
            {
                case "Agent":
                    ListAgent();
                    break;
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

        /// <summary>The agent's keys, in the agent's order; an agent that cannot be reached or answers garbage is an error naming it.</summary>
        private void ListAgent()
        {
            try
            {
                var transport = (InternalHooks.Current.AgentLocator ?? AgentLocator.ForThisProcess).Locate(ConnectionParameters.AgentSocket(this, AgentPath));
                using (var agent = new AgentClient(transport))
                {
                    foreach (var identity in agent.ListIdentities(_stop.Token)) WriteObject(identity.ToKeyPair(FingerprintHash));
                }
            }
            catch (RescaleSshException ex)
            {
                this.WriteFailure(ex, ex.Target);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        protected override void StopProcessing() => _stop.Cancel();

        public void Dispose() => _stop.Dispose();

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
