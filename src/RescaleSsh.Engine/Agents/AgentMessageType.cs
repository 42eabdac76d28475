namespace RescaleSsh.Agents
{
    /// <summary>Message numbers of the SSH agent protocol (draft-miller-ssh-agent, section "Protocol numbers").</summary>
    internal enum AgentMessageType : byte
    {
        Failure = 5,
        Success = 6,
        RequestIdentities = 11,
        IdentitiesAnswer = 12,
        SignRequest = 13,
        SignResponse = 14,
        ExtensionFailure = 28,
    }
}
