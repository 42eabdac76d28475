using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using RescaleSsh.AuthorizedKeys;

namespace RescaleSsh.Commands
{
    /// <summary>
    /// Add-RescaleAuthorizedKey: the seed's <c>cat KEY | ssh HOST '... >> ~/.ssh/authorized_keys ...'</c>, safely:
    /// idempotent, modes fixed, never half-written, no lost keys under concurrent writers (RemoteAuthorizedKeysEditor).
    /// </summary>
    [Cmdlet(VerbsCommon.Add, "RescaleAuthorizedKey", DefaultParameterSetName = SessionSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(AuthorizedKeyResult))]
    public sealed class AddRescaleAuthorizedKeyCommand : SessionOrDeviceCommand
    {
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string[] PublicKey { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("PublicKeyFile")]
        public string[] PublicKeyPath { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string AuthorizedKeysPath { get; set; }

        private string[] _beginKeys;
        private string[] _beginPaths;
        private List<AuthorizedKeyLine> _beginResolved;

        private sealed class Work
        {
            public List<AuthorizedKeyLine> Keys;
            public string AuthorizedKeysPath;
        }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            // Keys given on the command line are read once, and a bad one stops the call before any device is contacted.
            if (PublicKey != null || PublicKeyPath != null)
            {
                try
                {
                    _beginResolved = PublicKeyInput.Resolve(this, PublicKey, PublicKeyPath);
                }
                catch (RescaleSshException ex)
                {
                    ThrowFailure(ex, ex.Target);
                }
                _beginKeys = PublicKey;
                _beginPaths = PublicKeyPath;
            }
        }

        internal override object CaptureRecordState()
        {
            var keys = _beginResolved != null && ReferenceEquals(PublicKey, _beginKeys) && ReferenceEquals(PublicKeyPath, _beginPaths)
                ? _beginResolved
                : PublicKeyInput.Resolve(this, PublicKey, PublicKeyPath);
            if (keys.Count == 0)
            {
                throw new RescaleSshException("NoPublicKey", FailureCategory.InvalidArgument,
                    "No public key was given. Pass -PublicKey (an OpenSSH public key line, or a KeyPair from the pipeline) or -PublicKeyPath (a .pub file).");
            }
            return new Work { Keys = keys, AuthorizedKeysPath = AuthorizedKeysPath };
        }

        internal override void ProcessDevice(DeviceContext context)
        {
            var work = (Work)context.RecordState;
            var device = context.Device;
            var editor = new RemoteAuthorizedKeysEditor(context.Connection.Sftp, device, work.AuthorizedKeysPath, context.Cancellation);
            var snapshot = editor.Read();
            var status = new Dictionary<AuthorizedKeyLine, AuthorizedKeyStatus>();
            var toAdd = new List<AuthorizedKeyLine>();
            foreach (var key in work.Keys)
            {
                if (snapshot.File.Contains(key.Key)) status[key] = AuthorizedKeyStatus.AlreadyPresent;
                else if (context.ShouldProcess(device.ToString(), $"Add public key {key.Key.Describe()} to {editor.DisplayPath}")) toAdd.Add(key);
                else status[key] = AuthorizedKeyStatus.WouldAdd;
            }

            if (toAdd.Count > 0)
            {
                editor.Update(file =>
                {
                    bool changed = false;
                    foreach (var key in toAdd)
                    {
                        bool added = file.Add(key);
                        status[key] = added ? AuthorizedKeyStatus.Added : AuthorizedKeyStatus.AlreadyPresent;
                        changed |= added;
                    }
                    return changed;
                }, snapshot);
            }
            else if (snapshot.ModesTooOpen &&
                     context.ShouldProcess(device.ToString(), $"Set mode 0700 on the folder of {editor.DisplayPath} and 0600 on the file"))
            {
                editor.TightenModes(snapshot);
            }

            foreach (var key in work.Keys)
            {
                context.WriteObject(new AuthorizedKeyResult
                {
                    ComputerName = device.ComputerName,
                    UserName = device.UserName,
                    Port = device.Port,
                    Fingerprint = key.Key.Fingerprint,
                    Comment = key.Key.Comment,
                    Algorithm = key.Key.Algorithm,
                    Status = status[key],
                    AuthorizedKeysPath = editor.DisplayPath,
                });
            }
        }
    }
}
