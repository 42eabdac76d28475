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
    /// How a device is logged into: a key file (OpenSSH, PKCS#1/#8 PEM or PuTTY .ppk, read by the module's own
    /// readers, <see cref="LoginKey"/>), a password (-Credential), or both.
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
        /// <summary>How this login is named in an authentication failure.</summary>
        public string Description => KeyFilePath != null ? $"the key '{KeyFilePath}'" : "the password";

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
            var owned = new List<IDisposable>();
            string keyPath = options.ResolveKeyFile();
            string fingerprint = null;
            if (keyPath != null)
            {
                var key = LoginKey.Read(keyPath, options.KeyPassphrase);
                owned.Add(key);
                fingerprint = key.Fingerprint;
                methods.Add(new PrivateKeyAuthenticationMethod(device.UserName, key));
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
