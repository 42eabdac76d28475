using System;

namespace RescaleSsh.Agents
{
    /// <summary>
    /// Bounds on what an agent may send, so that garbage or a hostile socket is an error and never an unbounded
    /// allocation: OpenSSH's own client refuses answers over 256 KiB (authfd.c MAX_AGENT_REPLY_LEN) and lists at
    /// most 2048 identities (MAX_AGENT_IDENTITIES).
    /// </summary>
    public static class AgentLimits
    {
        public const int MaxMessageLength = 256 * 1024;
        public const int MaxIdentities = 2048;

        /// <summary>How long one agent call may take unless the caller says otherwise. Long enough for a human
        /// to confirm a key in a confirm-on-use prompt (ssh-add -c, Pageant's confirmation box).</summary>
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    }
}
