namespace RescaleSsh.AuthorizedKeys
{
    internal enum AuthorizedKeyLineKind
    {
        Blank,
        Comment,
        Key,
        Malformed,
    }
}
