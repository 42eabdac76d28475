namespace RescaleSsh
{
    /// <summary>What Add-/Remove-RescaleAuthorizedKey did with one key on one device.</summary>
    public enum AuthorizedKeyStatus
    {
        Added,
        AlreadyPresent,
        WouldAdd,
        Removed,
        NotPresent,
        WouldRemove,
    }
}
