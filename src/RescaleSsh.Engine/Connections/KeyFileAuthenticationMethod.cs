using System.Collections.Generic;
using System.Linq;
using Renci.SshNet;
using Renci.SshNet.Security;

namespace RescaleSsh.Connections
{
    /// <summary>
    /// SSH.NET publickey authentication with key files, for one connection: every key is offered in turn (SSH.NET
    /// queries the server for each and signs only the one it accepts), and after a successful login
    /// <see cref="AuthenticatedKey"/> tells which one it was. The keys themselves are read once per command and shared
    /// by the workers; signing with one is serialized here, since SSH.NET's key objects do not promise thread safety.
    /// </summary>
    internal sealed class KeyFileAuthenticationMethod : PrivateKeyAuthenticationMethod
    {
        private LoginKeyFile _lastSigned;
        private string _lastAlgorithm;

        public KeyFileAuthenticationMethod(string userName, IReadOnlyList<LoginKeyFile> keys)
            : this(userName, keys, new Recorder())
        {
        }

        private KeyFileAuthenticationMethod(string userName, IReadOnlyList<LoginKeyFile> keys, Recorder recorder)
            : base(userName, keys.Select(k => (IPrivateKeySource)new Source(k, recorder.Record)).ToArray())
        {
            Keys = keys;
            recorder.Owner = this;
        }

        /// <summary>The key files offered, in order.</summary>
        public IReadOnlyList<LoginKeyFile> Keys { get; }

        /// <summary>The key file the server accepted, once authentication succeeded; null before or otherwise.</summary>
        public LoginKeyFile AuthenticatedKey { get; private set; }

        /// <summary>The publickey algorithm it logged in with; null before or otherwise.</summary>
        public string AuthenticatedAlgorithm { get; private set; }

        public override AuthenticationResult Authenticate(Renci.SshNet.Session session)
        {
            _lastSigned = null;
            _lastAlgorithm = null;
            AuthenticatedKey = null;
            AuthenticatedAlgorithm = null;
            var result = base.Authenticate(session);
            // The server says success only after a valid signature, and the last signature made was for that key.
            if (result == AuthenticationResult.Success)
            {
                AuthenticatedKey = _lastSigned;
                AuthenticatedAlgorithm = _lastAlgorithm;
            }
            return result;
        }

        /// <summary>Carries the "signed" callback into the sources before the base constructor has run.</summary>
        private sealed class Recorder
        {
            internal KeyFileAuthenticationMethod Owner { get; set; }

            internal void Record(LoginKeyFile key, string algorithm)
            {
                if (Owner == null) return;
                Owner._lastSigned = key;
                Owner._lastAlgorithm = algorithm;
            }
        }

        /// <summary>One key file's algorithms as this connection offers them.</summary>
        private sealed class Source : IPrivateKeySource
        {
            public Source(LoginKeyFile key, System.Action<LoginKeyFile, string> signed) =>
                HostKeyAlgorithms = key.HostKeyAlgorithms.Select(a => (HostAlgorithm)new Algorithm(key, a, signed)).ToList();

            public IReadOnlyCollection<HostAlgorithm> HostKeyAlgorithms { get; }
        }

        /// <summary>A key file's algorithm that reports its signatures (and signs under the key's lock).</summary>
        private sealed class Algorithm : HostAlgorithm
        {
            private readonly LoginKeyFile _key;
            private readonly HostAlgorithm _inner;
            private readonly System.Action<LoginKeyFile, string> _signed;

            public Algorithm(LoginKeyFile key, HostAlgorithm inner, System.Action<LoginKeyFile, string> signed)
                : base(inner.Name)
            {
                _key = key;
                _inner = inner;
                _signed = signed;
            }

            public override byte[] Data
            {
                get { lock (_key) return _inner.Data; }
            }

            public override byte[] Sign(byte[] data)
            {
                byte[] signature;
                lock (_key) signature = _inner.Sign(data);
                _signed(_key, Name);
                return signature;
            }

            public override bool VerifySignature(byte[] data, byte[] signature) => _inner.VerifySignature(data, signature);
        }
    }
}
