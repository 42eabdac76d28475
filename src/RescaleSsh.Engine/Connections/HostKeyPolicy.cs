namespace RescaleSsh
{
    /// <summary>What to do with a host key that known_hosts does not vouch for.</summary>
    public enum HostKeyPolicy
    {
        /// <summary>Trust and record an unknown host (with a warning); refuse a changed key. OpenSSH's StrictHostKeyChecking=accept-new.</summary>
        AcceptNew,
        /// <summary>Refuse unknown and changed keys alike. OpenSSH's StrictHostKeyChecking=yes.</summary>
        Strict,
        /// <summary>Check and record nothing: anyone in the middle can read and change the traffic.</summary>
        GiveUpSecurityAndAcceptAny,
    }

    /// <summary>How the offered host key compares with what known_hosts (or the pins) hold.</summary>
    public enum HostKeyStatus
    {
        Known,
        New,
        Changed,
    }
}
