namespace RescaleSsh.SshConfig
{
    /// <summary>Where a resolved value came from.</summary>
    public enum ConfigSourceKind
    {
        /// <summary>OpenSSH's default: nothing set it.</summary>
        Default,
        /// <summary>The caller's parameters, which win over the file (as ssh's -l, -p, -i, -o do).</summary>
        CommandLine,
        /// <summary>A line of a config file (the one named, or one it includes).</summary>
        File,
    }
}
