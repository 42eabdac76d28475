namespace RescaleSsh
{
    /// <summary>Where the key that logged in was held.</summary>
    public enum LoginKeySource
    {
        /// <summary>A private key file (-KeyFilePath, IdentityFile in ~/.ssh/config, or a default key in ~/.ssh).</summary>
        KeyFile,
        /// <summary>An SSH agent: ssh-agent, the Windows OpenSSH agent, or Pageant.</summary>
        Agent,
    }
}
