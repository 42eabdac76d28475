using System;
using RescaleSsh.Connections;

namespace RescaleSsh.AuthorizedKeys
{
    /// <summary>
    /// An authorized_keys file (a device's or a local one) as AuthorizedKey objects: blank and comment lines skipped,
    /// a malformed line a warning with its line number.
    /// </summary>
    internal static class AuthorizedKeyListing
    {
        public static void Emit(AuthorizedKeysFile file, Device device, string path, Func<SshPublicKey, bool> filter, IOperationHost host)
        {
            string where = device == null ? $"'{path}'" : $"'{path}' on {device}";
            foreach (var line in file.Lines)
            {
                if (line.Kind == AuthorizedKeyLineKind.Malformed)
                {
                    host.WriteWarning($"Line {line.LineNumber} of {where} is not a valid key ({line.Problem}); skipped.");
                    continue;
                }
                if (line.Kind != AuthorizedKeyLineKind.Key || !filter(line.Key)) continue;
                host.WriteObject(new AuthorizedKey
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
