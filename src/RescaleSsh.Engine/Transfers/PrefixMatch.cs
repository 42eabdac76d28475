namespace RescaleSsh.Transfers
{
    /// <summary>What <see cref="ResumeCheck"/> found about the bytes a partial file already holds.</summary>
    internal enum PrefixMatch
    {
        /// <summary>SHA-256 of the whole prefix is the same on both sides: the bytes can be trusted.</summary>
        Confirmed,
        /// <summary>The device cannot hash; its last block matches. Continued, but the file's time is not set from it.</summary>
        Plausible,
        /// <summary>The partial file is not the start of this source (an older version of it, another file): start over.</summary>
        Mismatch,
    }
}
