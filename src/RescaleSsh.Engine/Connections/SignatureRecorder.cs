using System;
using Renci.SshNet;

namespace RescaleSsh.Connections
{
    /// <summary>
    /// Which key a publickey login succeeded with. SSH.NET signs only for a key the server said it accepts and
    /// reports success only after that signature verified, so the last key signed for, when the result is
    /// success, is the key that logged in. Keys report their signatures through <see cref="Record"/>.
    /// </summary>
    internal sealed class SignatureRecorder<TKey>
        where TKey : class
    {
        private TKey _lastSigned;
        private string _lastAlgorithm;

        /// <summary>The key the server accepted, once authentication succeeded; null before or otherwise.</summary>
        public TKey AcceptedKey { get; private set; }

        /// <summary>The publickey algorithm it logged in with (rsa-sha2-512, ssh-ed25519, …); null before or otherwise.</summary>
        public string AcceptedAlgorithm { get; private set; }

        public void Record(TKey key, string algorithm)
        {
            _lastSigned = key;
            _lastAlgorithm = algorithm;
        }

        /// <summary>Runs one authentication attempt and keeps the key that signed last if it succeeded.</summary>
        public AuthenticationResult Track(Func<AuthenticationResult> authenticate)
        {
            _lastSigned = null;
            _lastAlgorithm = null;
            AcceptedKey = null;
            AcceptedAlgorithm = null;
            var result = authenticate();
            if (result == AuthenticationResult.Success)
            {
                AcceptedKey = _lastSigned;
                AcceptedAlgorithm = _lastAlgorithm;
            }
            return result;
        }
    }
}
