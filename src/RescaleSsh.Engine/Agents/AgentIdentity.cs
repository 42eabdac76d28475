using System;
using System.Text;
using RescaleSsh.AuthorizedKeys;
using RescaleSsh.Wire;

namespace RescaleSsh.Agents
{
    /// <summary>
    /// One key an agent holds, as SSH_AGENT_IDENTITIES_ANSWER lists it: the public key blob and its comment, plus
    /// what the module shows for a key (the same properties as a KeyPair: algorithm, size, SHA256 fingerprint as
    /// <c>ssh-keygen -l</c> prints it, comment, and the OpenSSH public key line). Never holds private material.
    /// </summary>
    public sealed class AgentIdentity
    {
        private readonly byte[] _blob;

        /// <summary>The SSH key type name from the blob: ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256, …-cert-v01@openssh.com.</summary>
        public string KeyType { get; }

        /// <summary>RSA, Ed25519, ECDSA, DSA, ECDSA-SK, Ed25519-SK (with -CERT for certificates), or the key type name when unknown.</summary>
        public string Algorithm { get; }

        /// <summary>Bits: the RSA modulus (or DSA p) size, the ECDSA curve size, 256 for Ed25519; 0 when unknown.</summary>
        public int KeySize { get; }

        public string Comment { get; }

        /// <summary><c>SHA256:</c> and the unpadded base64 of SHA-256 over the public key blob.</summary>
        public string Fingerprint { get; }

        /// <summary>The OpenSSH public key line, <c>&lt;type&gt; &lt;base64&gt; &lt;comment&gt;</c> (without comment when it is empty).</summary>
        public string PublicKeyLine { get; }

        /// <summary>True for an RSA key (plain or certificate), which signs with rsa-sha2-512, rsa-sha2-256 or ssh-rsa.</summary>
        public bool IsRsa => KeyType == "ssh-rsa" || KeyType == "ssh-rsa-cert-v01@openssh.com";

        /// <summary>True when the blob is an OpenSSH certificate rather than a plain key.</summary>
        public bool IsCertificate => KeyType.EndsWith(CertificateSuffix, StringComparison.Ordinal);

        private AgentIdentity(byte[] blob, string comment, string keyType, string algorithm, int keySize)
        {
            _blob = blob;
            Comment = comment;
            KeyType = keyType;
            Algorithm = algorithm;
            KeySize = keySize;
            Fingerprint = Wire.Fingerprint.Sha256(blob);
            string line = keyType + " " + Convert.ToBase64String(blob);
            PublicKeyLine = string.IsNullOrEmpty(comment) ? line : line + " " + comment;
        }

        /// <summary>A copy of the public key blob, as a SIGN_REQUEST and SSH_MSG_USERAUTH_REQUEST carry it.</summary>
        public byte[] GetPublicKeyBlob() => (byte[])_blob.Clone();

        internal byte[] Blob => _blob;

        /// <summary>
        /// Describes a public key blob: its type, the module's algorithm name, and the size ssh-keygen -l prints
        /// (<see cref="KeyBlobSize"/>). A blob that is malformed for its own type is a <see cref="MalformedDataException"/>.
        /// </summary>
        internal static AgentIdentity FromBlob(byte[] blob, string comment)
        {
            var reader = new SshDataReader(blob);
            string keyType = Encoding.UTF8.GetString(reader.ReadString());
            bool certificate = keyType.EndsWith(CertificateSuffix, StringComparison.Ordinal);
            string plainType = certificate ? keyType.Substring(0, keyType.Length - CertificateSuffix.Length) : keyType;
            if (certificate) reader.ReadString(); // nonce
            string algorithm;
            switch (plainType)
            {
                case "ssh-rsa":
                    reader.ReadString(); // e
                    reader.ReadString(); // n
                    algorithm = "RSA";
                    break;
                case "ssh-dss":
                    reader.ReadString(); // p
                    algorithm = "DSA";
                    break;
                case "ssh-ed25519":
                case "sk-ssh-ed25519@openssh.com":
                    ExpectLength(reader.ReadString(), 32);
                    algorithm = plainType == "ssh-ed25519" ? "Ed25519" : "Ed25519-SK";
                    break;
                case "ecdsa-sha2-nistp256":
                case "ecdsa-sha2-nistp384":
                case "ecdsa-sha2-nistp521":
                case "sk-ecdsa-sha2-nistp256@openssh.com":
                    string curve = Encoding.UTF8.GetString(reader.ReadString());
                    string named = plainType.StartsWith("sk-", StringComparison.Ordinal) ? "nistp256" : plainType.Substring("ecdsa-sha2-".Length);
                    if (curve != named) throw new MalformedDataException($"curve {curve} in a {plainType} key");
                    reader.ReadString(); // Q
                    algorithm = plainType.StartsWith("sk-", StringComparison.Ordinal) ? "ECDSA-SK" : "ECDSA";
                    break;
                default:
                    algorithm = keyType;
                    break;
            }
            if (certificate && algorithm != keyType) algorithm += "-CERT";
            return new AgentIdentity(blob, comment, keyType, algorithm, KeyBlobSize.Of(keyType, blob));
        }

        private const string CertificateSuffix = "-cert-v01@openssh.com";

        private static void ExpectLength(byte[] value, int length)
        {
            if (value.Length != length) throw new MalformedDataException($"a {value.Length}-byte key where {length} bytes belong");
        }

        /// <summary>The key as Get-RescaleKey describes keys (no files: the key lives in the agent), so that it pipes into Add-RescaleAuthorizedKey.</summary>
        internal KeyPair ToKeyPair(string fingerprintHash) => new KeyPair
        {
            Algorithm = Algorithm,
            KeySize = KeySize,
            Fingerprint = Wire.Fingerprint.Of(_blob, fingerprintHash),
            Comment = Comment,
            PublicKey = PublicKeyLine,
        };

        public override string ToString() => $"{Algorithm} {KeySize} {Fingerprint} {Comment}";
    }
}
