namespace RescaleSsh.Bench
{
    /// <summary>
    /// Where the WAN benchmark's tools connect: the device address (the proxy's port), the throwaway account, its
    /// key and a known_hosts that names the proxy's port, all in temp folders.
    /// </summary>
    public sealed record WanTarget(string UserName, int Port, string KeyPath, string KnownHostsPath, string WorkFolder);
}
