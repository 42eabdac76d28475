using RescaleSsh.Wire;
namespace RescaleSsh
{
    /// <summary>
    /// One key line of an authorized_keys file (RescaleSsh.AuthorizedKey), from Get-RescaleAuthorizedKey.
    /// Piped to Remove-RescaleAuthorizedKey it binds whole (-InputObject): its key, its device (ComputerName, UserName,
    /// Port) or Session, and its AuthorizedKeysPath say what to remove where.
    /// </summary>
    public sealed class AuthorizedKey
    {
        /// <summary>The device, or null for a local file read with -Path.</summary>
        public string ComputerName { get; internal set; }
        public string UserName { get; internal set; }
        /// <summary>The device's SSH port, or null for a local file.</summary>
        public int? Port { get; internal set; }
        public int LineNumber { get; internal set; }
        public string Algorithm { get; internal set; }
        public int KeySize { get; internal set; }
        public string Fingerprint { get; internal set; }
        public string Comment { get; internal set; }
        /// <summary>The options before the key, e.g. <c>from="10.0.0.0/8",command="..."</c>; empty when none.</summary>
        public string Options { get; internal set; }
        /// <summary>The key in OpenSSH's one-line form (<c>type base64 comment</c>), without options.</summary>
        public string PublicKey { get; internal set; }
        /// <summary>The file the key was read from: the path on the device, or the local path.</summary>
        public string AuthorizedKeysPath { get; internal set; }
        /// <summary>The session the key was read through (Get-RescaleAuthorizedKey -Session), or null; Remove-RescaleAuthorizedKey uses it.</summary>
        public Session Session { get; internal set; }

        public override string ToString() => PublicKey;
    }
}
