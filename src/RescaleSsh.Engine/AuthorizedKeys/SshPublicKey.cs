using System;
using System.Linq;
using RescaleSsh.Connections;
using RescaleSsh.Wire;

namespace RescaleSsh.AuthorizedKeys
{
    /// <summary>
    /// One OpenSSH public key: its algorithm name, the key blob (RFC 4253 section 6.6) and a comment.
    /// Two keys are the same key when their blobs are equal, whatever their comments or options.
    /// </summary>
    internal sealed class SshPublicKey : IEquatable<SshPublicKey>
    {
        public SshPublicKey(string algorithm, byte[] blob, string comment)
        {
            Algorithm = algorithm;
            Blob = blob;
            Comment = comment ?? string.Empty;
            Base64 = Convert.ToBase64String(blob);
            Fingerprint = Wire.Fingerprint.Sha256(blob);
            KeySize = KeyBlobSize.Of(algorithm, blob);
        }

        public string Algorithm { get; }
        public byte[] Blob { get; }
        public string Base64 { get; }
        public string Comment { get; }
        /// <summary><c>SHA256:</c> + unpadded base64, as <c>ssh-keygen -l</c> prints.</summary>
        public string Fingerprint { get; }
        /// <summary>Bits: RSA/DSA modulus, ECDSA curve, 256 for Ed25519; 0 when the blob does not tell.</summary>
        public int KeySize { get; }

        /// <summary>The one-line OpenSSH form: <c>type base64 [comment]</c>.</summary>
        public string ToLine() => Comment.Length == 0 ? Algorithm + " " + Base64 : Algorithm + " " + Base64 + " " + Comment;

        /// <summary>What messages may name: fingerprint and comment, never key material.</summary>
        public string Describe() => Comment.Length == 0 ? $"{Algorithm} {Fingerprint}" : $"{Algorithm} {Fingerprint} ({DisplayText.Visible(Comment)})";

        public bool Equals(SshPublicKey other) => other != null && Blob.SequenceEqual(other.Blob);

        public override bool Equals(object obj) => Equals(obj as SshPublicKey);

        public override int GetHashCode() => Fingerprint.GetHashCode();

        public override string ToString() => Describe();
    }
}
