namespace RescaleSsh.Keys
{
    /// <summary>What a reader found in one file: the key (with its private half when it could be read), its kind, and whether it is encrypted.</summary>
    internal sealed class KeyFile
    {
        internal KeyFile(SshKey key, KeyFileKind kind, bool encrypted)
        {
            Key = key;
            Kind = kind;
            Encrypted = encrypted;
        }

        internal SshKey Key { get; }
        internal KeyFileKind Kind { get; }
        internal bool Encrypted { get; }
    }
}
