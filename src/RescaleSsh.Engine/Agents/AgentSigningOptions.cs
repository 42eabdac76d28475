using System;

namespace RescaleSsh.Agents
{
    /// <summary>
    /// Flags of SSH_AGENTC_SIGN_REQUEST (draft-miller-ssh-agent, "Signature flags"): which hash an RSA key signs
    /// with. None asks for the key's own algorithm, which for RSA is SHA-1 ssh-rsa.
    /// </summary>
    [Flags]
    public enum AgentSigningOptions
    {
        None = 0,
        RsaSha2256 = 2,
        RsaSha2512 = 4,
    }
}
