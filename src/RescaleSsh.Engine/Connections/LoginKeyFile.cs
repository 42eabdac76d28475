using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Numerics;
using System.Security;
using Renci.SshNet;
using Renci.SshNet.Security;
using Renci.SshNet.Security.Cryptography;
using RescaleSsh.Keys;
using RescaleSsh.Wire;

namespace RescaleSsh.Connections
{
    /// <summary>
    /// A private key file read for login by the module's own readers (the same, fuzz-tested ones Get-RescaleKey
    /// uses: one set of formats, ids and KDF limits) and handed to SSH.NET through its public key constructors, so
    /// SSH.NET never parses a key file and the passphrase never becomes a string. RSA keys sign with rsa-sha2-512 or
    /// -256 when the server accepts them (SSH.NET's PrivateKeyFile(Key) would offer only SHA-1 ssh-rsa).
    /// </summary>
    internal sealed class LoginKeyFile : IPrivateKeySource, IDisposable
    {
        private readonly Key _key;
        private readonly List<HostAlgorithm> _algorithms = new List<HostAlgorithm>();

        private LoginKeyFile(string path, Key key, byte[] publicBlob, string comment)
        {
            Path = path;
            _key = key;
            PublicBlob = publicBlob;
            Fingerprint = Wire.Fingerprint.Sha256(publicBlob);
            Comment = comment;
            if (key is RsaKey rsa)
            {
                // SHA-2 signatures first, as SSH.NET offers them for RSA key files: OpenSSH 8.8+ refuses ssh-rsa (SHA-1).
                _algorithms.Add(new KeyHostAlgorithm("rsa-sha2-512", key, new RsaDigitalSignature(rsa, HashAlgorithmName.SHA512)));
                _algorithms.Add(new KeyHostAlgorithm("rsa-sha2-256", key, new RsaDigitalSignature(rsa, HashAlgorithmName.SHA256)));
            }
            _algorithms.Add(new KeyHostAlgorithm(key.ToString(), key));
        }

        public string Path { get; }

        /// <summary>The signature algorithms SSH.NET may log in with, best first.</summary>
        public IReadOnlyCollection<HostAlgorithm> HostKeyAlgorithms => _algorithms;
        /// <summary>SHA256 fingerprint of the key's public half.</summary>
        public string Fingerprint { get; }

        /// <summary>The public key blob (what an agent's key or an authorized_keys line is compared with).</summary>
        public byte[] PublicBlob { get; }

        /// <summary>The key's comment as its file holds it (empty for PEM).</summary>
        public string Comment { get; }

        public static LoginKeyFile Read(string path, SecureString passphrase)
        {
            KeyFile read;
            try
            {
                read = KeyFileReader.ReadFile(path, passphrase);
            }
            catch (RescaleSshException ex)
            {
                throw InLoginTerms(ex, path);
            }
            var key = read.Key;
            try
            {
                if (read.Encrypted && !key.HasPrivateKey) throw InLoginTerms(KeyErrors.PassphraseRequired(path), path);
                if (read.Kind == KeyFileKind.Public || !key.HasPrivateKey)
                {
                    throw new RescaleSshException("KeyFileInvalid", FailureCategory.InvalidData,
                        $"'{path}' holds a public key, not a private key. Pass the private key file (without .pub) with -KeyFilePath.", path);
                }
                return new LoginKeyFile(path, ToSshNet(key), key.PublicBlob(), key.Comment ?? "");
            }
            finally
            {
                key.Clear();
            }
        }

        private static Key ToSshNet(SshKey key)
        {
            switch (key.Algorithm)
            {
                case KeyAlgorithm.RSA:
                    return new RsaKey(Unsigned(key.Modulus), Unsigned(key.Exponent), Unsigned(key.D), Unsigned(key.P), Unsigned(key.Q), Unsigned(key.InverseQ));
                case KeyAlgorithm.ECDSA:
                    return new EcdsaKey(key.Curve, key.Point, key.Scalar);
                default:
                    return new ED25519Key(key.Ed25519Seed);
            }
        }

        /// <summary>An SSH mpint (big-endian, two's complement) as the non-negative BigInteger it encodes.</summary>
        private static BigInteger Unsigned(byte[] mpint) => new BigInteger(Enumerable.Reverse(mpint).Concat(new byte[] { 0 }).ToArray());

        /// <summary>The readers' messages speak of -Passphrase and -Path; at login the parameters are -KeyPassphrase and -KeyFilePath.</summary>
        private static RescaleSshException InLoginTerms(RescaleSshException ex, string path)
        {
            switch (ex.ErrorId)
            {
                case "KeyPassphraseRequired":
                    return new RescaleSshException(ex.ErrorId, ex.Category,
                        $"The key file '{path}' is encrypted. Pass its passphrase with -KeyPassphrase (a SecureString, e.g. from Read-Host -AsSecureString).", path, ex);
                case "KeyPassphraseIncorrect":
                    return new RescaleSshException(ex.ErrorId, ex.Category,
                        $"The passphrase does not decrypt the key file '{path}'. Pass the right -KeyPassphrase.", path, ex);
                case "KeyFileNotFound":
                    return new RescaleSshException(ex.ErrorId, ex.Category,
                        $"The key file '{path}' does not exist. Pass the private key with -KeyFilePath, or create one with New-RescaleKeyPair.", path, ex);
                case "KeyFileInvalid":
                case "KeyTypeNotSupported":
                    return new RescaleSshException("KeyFileInvalid", FailureCategory.InvalidData,
                        $"'{path}' is not a private key this module can read (OpenSSH, PKCS#1/PKCS#8 PEM or PuTTY .ppk): {ex.Message} Pass the private key file, not the .pub file, or convert it with Convert-RescaleKey.", path, ex);
                default:
                    return ex;
            }
        }

        public void Dispose()
        {
            foreach (var algorithm in _algorithms)
            {
                if (algorithm is KeyHostAlgorithm { DigitalSignature: IDisposable signature }) signature.Dispose();
            }
            (_key as IDisposable)?.Dispose();
        }
    }
}
