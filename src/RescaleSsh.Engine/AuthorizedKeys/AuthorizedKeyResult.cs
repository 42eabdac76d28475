using RescaleSsh.Wire;
namespace RescaleSsh
{
    /// <summary>One key on one device after Add- or Remove-RescaleAuthorizedKey (RescaleSsh.AuthorizedKeyResult).</summary>
    public sealed class AuthorizedKeyResult
    {
        public string ComputerName { get; internal set; }
        public string UserName { get; internal set; }
        public int Port { get; internal set; }
        public string Fingerprint { get; internal set; }
        public string Comment { get; internal set; }
        public string Algorithm { get; internal set; }
        /// <summary>The key's options in authorized_keys after the command (<c>restrict</c>, <c>from="…"</c>, <c>command="…"</c>, …); empty when none.</summary>
        public string Options { get; internal set; }
        public AuthorizedKeyStatus Status { get; internal set; }
        public string AuthorizedKeysPath { get; internal set; }

        public override string ToString() => $"{Status} {Fingerprint} on {UserName}@{ComputerName}:{Port}";
    }
}
