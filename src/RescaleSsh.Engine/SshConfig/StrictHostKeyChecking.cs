namespace RescaleSsh.SshConfig
{
    /// <summary>ssh_config's StrictHostKeyChecking values (yes/true, accept-new, no/false/off, ask).</summary>
    public enum StrictHostKeyChecking
    {
        Ask,
        Yes,
        AcceptNew,
        No,
    }
}
