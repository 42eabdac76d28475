namespace RescaleSsh
{
    /// <summary>Which private key files to write: OpenSSH (openssh-key-v1), PuTTY (PPK v3, <c>.ppk</c>) or both.</summary>
    public enum KeyFileFormat
    {
        OpenSSH,
        PuTTY,
        Both,
    }
}
