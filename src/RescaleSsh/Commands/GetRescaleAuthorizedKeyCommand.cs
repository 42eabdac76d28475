using System.Collections.ObjectModel;
using System.IO;
using System.Management.Automation;
using RescaleSsh.AuthorizedKeys;
using RescaleSsh.Connections;

namespace RescaleSsh.Commands
{
    /// <summary>Get-RescaleAuthorizedKey: the seed's <c>cat ~/.ssh/authorized_keys</c>, as objects, from a device or a local file.</summary>
    [Cmdlet(VerbsCommon.Get, "RescaleAuthorizedKey", DefaultParameterSetName = SessionSet)]
    [OutputType(typeof(AuthorizedKey))]
    public sealed class GetRescaleAuthorizedKeyCommand : SessionOrDeviceCommand
    {
        private const string LocalSet = "Local";

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

        internal override object CaptureRecordState() => AuthorizedKeysPath;

        protected override void ProcessOtherParameterSet()
        {
            if (ParameterSetName != LocalSet)
            {
                base.ProcessOtherParameterSet();
                return;
            }
            foreach (string path in Path)
            {
                Collection<string> files;
                try
                {
                    files = GetResolvedProviderPathFromPSPath(path, out _);
                }
                catch (ItemNotFoundException)
                {
                    continue; // a missing file holds no keys
                }
                foreach (string file in files)
                {
                    if (Directory.Exists(file))
                    {
                        WriteFailure(new RescaleSshException("AuthorizedKeysPathInvalid", FailureCategory.InvalidArgument,
                            $"'{file}' is a folder. Pass the authorized_keys file itself.", file), file);
                        continue;
                    }
                    byte[] bytes;
                    try
                    {
                        bytes = File.ReadAllBytes(file);
                    }
                    catch (FileNotFoundException)
                    {
                        continue;
                    }
                    catch (System.Exception ex) when (ex is IOException || ex is System.UnauthorizedAccessException)
                    {
                        WriteFailure(new RescaleSshException("AuthorizedKeysReadFailed", FailureCategory.ReadError,
                            $"Cannot read '{file}': {ex.Message}", file, ex), file);
                        continue;
                    }
                    Emit(AuthorizedKeysFile.Parse(bytes), null, file, WriteObject, WriteWarning);
                }
            }
        }

        internal override void ProcessDevice(DeviceContext context)
        {
            var editor = new RemoteAuthorizedKeysEditor(context.Connection.Sftp, context.Device, (string)context.RecordState, context.Cancellation);
            var snapshot = editor.Read();
            Emit(snapshot.File, context.Device, editor.DisplayPath, context.WriteObject, context.WriteWarning);
        }

        private void Emit(AuthorizedKeysFile file, Device device, string path, System.Action<object> write, System.Action<string> warn)
        {
            string where = device == null ? $"'{path}'" : $"'{path}' on {device}";
            foreach (var line in file.Lines)
            {
                if (line.Kind == AuthorizedKeyLineKind.Malformed)
                {
                    warn($"Line {line.LineNumber} of {where} is not a valid key ({line.Problem}); skipped.");
                    continue;
                }
                if (line.Kind != AuthorizedKeyLineKind.Key) continue;
                if (!AuthorizedKeySelector.Filter(line.Key, Fingerprint, Comment)) continue;
                write(new AuthorizedKey
                {
                    ComputerName = device?.ComputerName,
                    UserName = device?.UserName,
                    Port = device?.Port,
                    LineNumber = line.LineNumber,
                    Algorithm = line.Key.Algorithm,
                    KeySize = line.Key.KeySize,
                    Fingerprint = line.Key.Fingerprint,
                    Comment = line.Key.Comment,
                    Options = line.Options,
                    PublicKey = line.Key.ToLine(),
                    AuthorizedKeysPath = path,
                });
            }
        }
    }
}
