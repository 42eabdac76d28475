namespace RescaleSsh
{
    /// <summary>One device's health check from Test-RescaleConnection (RescaleSsh.ConnectionTest).</summary>
    public sealed class ConnectionTest
    {
        public string ComputerName { get; set; }
        public string UserName { get; set; }
        public int Port { get; set; }
        public bool Reachable { get; set; }
        public bool Authenticated { get; set; }
        public string HostKeyFingerprint { get; set; }
        public HostKeyStatus? HostKeyStatus { get; set; }
        public string ServerVersion { get; set; }
        public long LatencyMs { get; set; }
        /// <summary>The key that logged in (file or agent); null when none did or a password did.</summary>
        public LoginKey LoginKey { get; set; }
        public string Error { get; set; }
    }
}
