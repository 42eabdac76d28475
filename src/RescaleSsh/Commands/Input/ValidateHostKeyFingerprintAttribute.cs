using System.Management.Automation;
using RescaleSsh.Connections;

namespace RescaleSsh.Commands
{
    /// <summary>
    /// Refuses a -HostKeyFingerprint that cannot be a SHA256 fingerprint before anything connects: otherwise an
    /// MD5 fingerprint or a typo would surface as HostKeyFingerprintMismatch, which reads like an attack.
    /// </summary>
    internal sealed class ValidateHostKeyFingerprintAttribute : ValidateEnumeratedArgumentsAttribute
    {
        protected override void ValidateElement(object element)
        {
            string pin = (element is PSObject wrapped ? wrapped.BaseObject : element)?.ToString();
            if (!HostKeyPin.IsWellFormed(pin))
            {
                throw new ValidationMetadataException(
                    $"'{pin}' is not a SHA256 host key fingerprint. Write it as ssh-keygen -l prints it, e.g. SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s (MD5 fingerprints are not accepted).");
            }
        }
    }
}
