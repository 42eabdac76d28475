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
        /// <summary>The key was present with other options; -Force replaced them.</summary>
        OptionsReplaced,
        /// <summary>-WhatIf: -Force would replace the options of the key present.</summary>
        WouldReplaceOptions,
    }
}
