using RescaleSsh.Wire;
namespace RescaleSsh
{
    /// <summary>
    /// A key pair as New-RescaleKeyPair, Get-RescaleKey and Convert-RescaleKey describe it: what the key is
    /// (algorithm, size, fingerprint, comment, public key line) and where its files are. Never holds private key material.
    /// </summary>
    public sealed class KeyPair
    {
        /// <summary>RSA, Ed25519 or ECDSA.</summary>
        public string Algorithm { get; set; }

        /// <summary>Bits: the RSA modulus size, the ECDSA curve size (256, 384, 521), 256 for Ed25519.</summary>
        public int KeySize { get; set; }

        /// <summary><c>SHA256:…</c> as <c>ssh-keygen -l</c> prints it (or <c>MD5:…</c> when asked for).</summary>
        public string Fingerprint { get; set; }

        public string Comment { get; set; }

        /// <summary>The one-line OpenSSH form, <c>&lt;type&gt; &lt;base64&gt; &lt;comment&gt;</c>, as authorized_keys takes it.</summary>
        public string PublicKey { get; set; }

        /// <summary>The OpenSSH (or PEM) private key file, when there is one.</summary>
        public string PrivateKeyPath { get; set; }

        /// <summary>The <c>.pub</c> file, when there is one.</summary>
        public string PublicKeyPath { get; set; }

        /// <summary>The PuTTY <c>.ppk</c> file, when there is one.</summary>
        public string PuttyKeyPath { get; set; }

        /// <summary>True when the private key file is protected by a passphrase.</summary>
        public bool Encrypted { get; set; }

        public override string ToString() => PublicKey ?? base.ToString();
    }
}
