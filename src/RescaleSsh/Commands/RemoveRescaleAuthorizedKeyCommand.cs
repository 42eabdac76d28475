using System.Collections.Generic;
using System.Linq;
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
    public sealed class RemoveRescaleAuthorizedKeyCommand : SessionOrDeviceCommand
    {
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

        private sealed class Work
        {
            public AuthorizedKeySelector Selector;
            public string AuthorizedKeysPath;
        }

        internal override object CaptureRecordState()
        {
            var keys = PublicKey == null ? new List<AuthorizedKeyLine>() : PublicKeyInput.Resolve(this, PublicKey, null);
            var selector = new AuthorizedKeySelector(Fingerprint, keys, Comment);
            if (selector.IsEmpty)
            {
                throw new RescaleSshException("NoKeySelected", FailureCategory.InvalidArgument,
                    "Name the keys to remove with -Fingerprint, -PublicKey or -Comment, or pipe them from Get-RescaleAuthorizedKey.");
            }
            return new Work { Selector = selector, AuthorizedKeysPath = AuthorizedKeysPath };
        }

        internal override void ProcessDevice(DeviceContext context)
        {
            var work = (Work)context.RecordState;
            var device = context.Device;
            var connection = context.Connection;
            var editor = new RemoteAuthorizedKeysEditor(connection.Sftp, device, work.AuthorizedKeysPath, context.Cancellation);
            var snapshot = editor.Read();

            var matched = new List<SshPublicKey>();
            foreach (var line in snapshot.File.Keys)
            {
                if (work.Selector.Matches(line.Key) && !matched.Contains(line.Key)) matched.Add(line.Key);
            }

            var results = new List<AuthorizedKeyResult>();
            var toRemove = new List<SshPublicKey>();
            var status = new Dictionary<SshPublicKey, AuthorizedKeyStatus>();
            foreach (var key in matched)
            {
                if (!Force && connection.LoginKeyFingerprint != null && key.Fingerprint == connection.LoginKeyFingerprint)
                {
                    context.WriteError(new RescaleSshException("LoginKeyProtected", FailureCategory.InvalidOperation,
                        $"{key.Describe()} is the key this command logged into {device} with; removing it could lock you out. Log in with another key, or pass -Force.",
                        device), device);
                    continue;
                }
                if (context.ShouldProcess(device.ToString(), $"Remove public key {key.Describe()} from {editor.DisplayPath}")) toRemove.Add(key);
                else status[key] = AuthorizedKeyStatus.WouldRemove;
            }

            if (toRemove.Count > 0)
            {
                editor.Update(file =>
                {
                    var removed = file.RemoveWhere(line => toRemove.Contains(line.Key));
                    foreach (var key in toRemove)
                    {
                        status[key] = removed.Any(l => l.Key.Equals(key)) ? AuthorizedKeyStatus.Removed : AuthorizedKeyStatus.NotPresent;
                    }
                    return removed.Count > 0;
                }, snapshot);
            }

            AuthorizedKeyResult NewResult(AuthorizedKeyStatus s) => new AuthorizedKeyResult
            {
                ComputerName = device.ComputerName,
                UserName = device.UserName,
                Port = device.Port,
                Status = s,
                AuthorizedKeysPath = editor.DisplayPath,
            };
            foreach (var pair in status)
            {
                var result = NewResult(pair.Value);
                result.Fingerprint = pair.Key.Fingerprint;
                result.Comment = pair.Key.Comment;
                result.Algorithm = pair.Key.Algorithm;
                context.WriteObject(result);
            }
            foreach (var result in work.Selector.Unmatched(matched, () => NewResult(AuthorizedKeyStatus.NotPresent)))
            {
                context.WriteObject(result);
            }
        }
    }
}
