using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace RescaleSsh.Connections
{
    /// <summary>
    /// How a device is logged into: a key file (OpenSSH, PKCS#1/#8 PEM or PuTTY .ppk, read by SSH.NET's
    /// PrivateKeyFile, passphrase from a SecureString), a password (-Credential), or both.
    /// Failures to read the key are reported before any connection is made.
    /// </summary>
    internal sealed class LoginCredential : IDisposable
    {
        private readonly List<IDisposable> _owned = new List<IDisposable>();

        public string UserName { get; }
        public AuthenticationMethod[] Methods { get; }
        public string KeyFilePath { get; }
        /// <summary>SHA256 fingerprint of the key file's public key, or null for password login.</summary>
        public string KeyFingerprint { get; }

        private LoginCredential(string userName, AuthenticationMethod[] methods, string keyFilePath, string keyFingerprint)
        {
            UserName = userName;
            Methods = methods;
            KeyFilePath = keyFilePath;
            KeyFingerprint = keyFingerprint;
        }

        public static LoginCredential For(Device device, ConnectionOptions options)
        {
            var methods = new List<AuthenticationMethod>();
            string keyPath = options.ResolveKeyFile();
            string fingerprint = null;
            var owned = new List<IDisposable>();
            if (keyPath != null)
            {
                var keyFile = Open(keyPath, options);
                owned.Add(keyFile);
                fingerprint = Wire.Fingerprint.Sha256(keyFile.HostKeyAlgorithms.First().Data);
                methods.Add(new PrivateKeyAuthenticationMethod(device.UserName, keyFile));
            }
            if (options.Password != null && options.Password.Length > 0)
            {
                byte[] password = Passphrase.ToUtf8(options.Password);
                owned.Add(new ZeroOnDispose(password));
                methods.Add(new PasswordAuthenticationMethod(device.UserName, password));
            }
            if (methods.Count == 0)
            {
                throw new RescaleSshException("NoCredential", FailureCategory.AuthenticationError,
                    $"No way to log into {device}: no -KeyFilePath or -Credential was given and none of ~/.ssh/{string.Join(", ~/.ssh/", ConnectionOptions.DefaultKeyFileNames)} exists. Create a key with New-RescaleKeyPair or pass -KeyFilePath.",
                    device);
            }
            var credential = new LoginCredential(device.UserName, methods.ToArray(), keyPath, fingerprint);
            credential._owned.AddRange(owned);
            credential._owned.AddRange(methods);
            return credential;
        }

        /// <summary>Opens a private key file, telling a missing, unreadable, encrypted-without-passphrase and wrong-passphrase file apart.</summary>
        internal static PrivateKeyFile Open(string path, ConnectionOptions options)
        {
            if (!File.Exists(path))
            {
                throw new RescaleSshException("KeyFileNotFound", FailureCategory.ObjectNotFound,
                    $"The key file '{path}' does not exist. Pass the private key with -KeyFilePath, or create one with New-RescaleKeyPair.", path);
            }
            string passphrase = Passphrase.ToInsecureString(options.KeyPassphrase);
            try
            {
                using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read))
                {
                    return new PrivateKeyFile(stream, string.IsNullOrEmpty(passphrase) ? null : passphrase);
                }
            }
            catch (SshPassPhraseNullOrEmptyException ex)
            {
                throw new RescaleSshException("KeyPassphraseRequired", FailureCategory.AuthenticationError,
                    $"The key file '{path}' is encrypted. Pass its passphrase with -KeyPassphrase (a SecureString, e.g. from Read-Host -AsSecureString).", path, ex);
            }
            catch (Exception ex) when (ex is SshException || ex is FormatException || ex is ArgumentException ||
                                       ex is InvalidOperationException || ex is System.Security.Cryptography.CryptographicException ||
                                       ex is NotSupportedException || ex is IndexOutOfRangeException || ex is InvalidDataException ||
                                       ex is EndOfStreamException)
            {
                if (!string.IsNullOrEmpty(passphrase) && KeyFileLooksEncrypted(path))
                {
                    throw new RescaleSshException("KeyPassphraseIncorrect", FailureCategory.AuthenticationError,
                        $"The passphrase does not decrypt the key file '{path}'. Pass the right -KeyPassphrase.", path, null);
                }
                throw new RescaleSshException("KeyFileInvalid", FailureCategory.InvalidData,
                    $"'{path}' is not a private key this module can read (OpenSSH, PKCS#1/PKCS#8 PEM or PuTTY .ppk). Pass the private key file, not the .pub file, or convert it with Convert-RescaleKey.", path, null);
            }
            catch (UnauthorizedAccessException ex)
            {
                throw new RescaleSshException("KeyFileAccessDenied", FailureCategory.PermissionDenied,
                    $"The key file '{path}' cannot be read: permission denied.", path, ex);
            }
            finally
            {
                Passphrase.Wipe(passphrase);
            }
        }

        /// <summary>True for PEM with Proc-Type ENCRYPTED or PKCS#8 ENCRYPTED, PPK with a cipher, and openssh-key-v1 with a cipher.</summary>
        internal static bool KeyFileLooksEncrypted(string path)
        {
            string text;
            try { text = File.ReadAllText(path); } catch (IOException) { return false; }
            if (text.Contains("ENCRYPTED")) return true;
            if (text.StartsWith("PuTTY-User-Key-File", StringComparison.Ordinal))
            {
                return !text.Contains("Encryption: none");
            }
            const string begin = "-----BEGIN OPENSSH PRIVATE KEY-----";
            int start = text.IndexOf(begin, StringComparison.Ordinal);
            int end = text.IndexOf("-----END", start + 1, StringComparison.Ordinal);
            if (start < 0 || end < 0) return false;
            try
            {
                byte[] blob = Convert.FromBase64String(text.Substring(start + begin.Length, end - start - begin.Length));
                const int magicLength = 15; // "openssh-key-v1\0"
                int nameLength = (blob[magicLength] << 24) | (blob[magicLength + 1] << 16) | (blob[magicLength + 2] << 8) | blob[magicLength + 3];
                return Encoding.ASCII.GetString(blob, magicLength + 4, nameLength) != "none";
            }
            catch (Exception ex) when (ex is FormatException || ex is IndexOutOfRangeException || ex is ArgumentException)
            {
                return false;
            }
        }

        private sealed class ZeroOnDispose : IDisposable
        {
            private readonly byte[] _secret;
            public ZeroOnDispose(byte[] secret) => _secret = secret;
            public void Dispose() => Passphrase.Clear(_secret);
        }

        public void Dispose()
        {
            foreach (var d in _owned) d.Dispose();
            _owned.Clear();
        }
    }
}
