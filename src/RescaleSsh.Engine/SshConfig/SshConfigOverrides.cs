using System.Collections.Generic;

namespace RescaleSsh.SshConfig
{
    /// <summary>
    /// What the user gave on the command line (cmdlet parameters, or user@ and :port in the device address). Each
    /// value given wins over the config file, as ssh's own -l, -p, -i and -o do, and is seeded before the file is
    /// read, so that <c>Match user</c> and %r, %p see it. Null means "not given".
    /// </summary>
    public sealed class SshConfigOverrides
    {
        public string User { get; set; }
        public int? Port { get; set; }

        /// <summary>-KeyFilePath: when given, these are the only identity files (the config's IdentityFile lines are not added).</summary>
        public IReadOnlyList<string> IdentityFiles { get; set; }

        public bool? IdentitiesOnly { get; set; }

        /// <summary>-AgentPath (or "none" for -NoAgent).</summary>
        public string IdentityAgent { get; set; }

        /// <summary>-KnownHostsPath.</summary>
        public IReadOnlyList<string> UserKnownHostsFiles { get; set; }

        public StrictHostKeyChecking? StrictHostKeyChecking { get; set; }
        public int? ConnectTimeoutSeconds { get; set; }
        public string HostKeyAlias { get; set; }
        public int? ServerAliveIntervalSeconds { get; set; }
    }
}
