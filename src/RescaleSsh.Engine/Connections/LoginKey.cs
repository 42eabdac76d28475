namespace RescaleSsh
{
    /// <summary>
    /// The key a connection logged in with (the LoginKey property of a Session and a ConnectionTest): its SHA256
    /// fingerprint, the signature algorithm the server accepted, and where the key was held — a key file's path, or
    /// the agent's socket or pipe and the comment the agent gave the key. Never holds key material.
    /// </summary>
    public sealed class LoginKey
    {
        internal LoginKey(string fingerprint, string algorithm, LoginKeySource source, string path, string comment)
        {
            Fingerprint = fingerprint;
            Algorithm = algorithm;
            Source = source;
            Path = path;
            Comment = comment ?? "";
        }

        /// <summary><c>SHA256:…</c>, as ssh-keygen -l and Get-RescaleAuthorizedKey show it.</summary>
        public string Fingerprint { get; }

        /// <summary>The publickey algorithm of the login: rsa-sha2-512, rsa-sha2-256, ssh-rsa, ssh-ed25519, ecdsa-sha2-nistp256 …</summary>
        public string Algorithm { get; }

        public LoginKeySource Source { get; }

        /// <summary>The key file, or the agent's socket or pipe.</summary>
        public string Path { get; }

        /// <summary>The key's comment (the agent's, or the key file's).</summary>
        public string Comment { get; }

        /// <summary>How -Verbose and the views name the key: "SHA256:… (agent: comment)" or "SHA256:… (/path/to/key)".</summary>
        public override string ToString() =>
            Source == LoginKeySource.Agent
                ? $"{Fingerprint} (agent: {DisplayText.Visible(Comment.Length > 0 ? Comment : Path)})"
                : $"{Fingerprint} ({DisplayText.Visible(Path)})";
    }
}
