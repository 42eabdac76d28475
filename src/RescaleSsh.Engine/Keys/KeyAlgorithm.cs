namespace RescaleSsh
{
    /// <summary>The key types New-RescaleKeyPair generates, named as PuTTYgen and ssh-keygen -t name them.</summary>
    public enum KeyAlgorithm
    {
        RSA,
        Ed25519,
        ECDSA,
    }
}
