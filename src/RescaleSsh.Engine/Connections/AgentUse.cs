namespace RescaleSsh.Connections
{
    /// <summary>Whether a login tries an SSH agent's keys: -Agent (Only), -NoAgent or IdentityAgent none (None), or by default when one is found.</summary>
    internal enum AgentUse
    {
        /// <summary>The agent's keys first when an agent is found; then the key files. No agent is no error.</summary>
        Default,
        /// <summary>The agent's keys only; no agent, or an agent that fails, is an error.</summary>
        Only,
        /// <summary>No agent.</summary>
        None,
    }
}
