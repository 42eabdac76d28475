namespace RescaleSsh.Keys
{
    /// <summary>The kinds of key file the readers recognise.</summary>
    internal enum KeyFileKind
    {
        OpenSsh,
        Pem,
        Putty,
        Public,
    }
}
