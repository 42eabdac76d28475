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
        private readonly SignatureRecorder<LoginKeyFile> _recorder;

        public KeyFileAuthenticationMethod(string userName, IReadOnlyList<LoginKeyFile> keys)
            : this(userName, keys, new SignatureRecorder<LoginKeyFile>())
        {
        }

        private KeyFileAuthenticationMethod(string userName, IReadOnlyList<LoginKeyFile> keys, SignatureRecorder<LoginKeyFile> recorder)
            : base(userName, keys.Select(k => (IPrivateKeySource)new Source(k, recorder.Record)).ToArray())
        {
            Keys = keys;
            _recorder = recorder;
        }

        /// <summary>The key files offered, in order.</summary>
        public IReadOnlyList<LoginKeyFile> Keys { get; }

        /// <summary>The key file the server accepted, once authentication succeeded; null before or otherwise.</summary>
        public LoginKeyFile AuthenticatedKey => _recorder.AcceptedKey;

        /// <summary>The publickey algorithm it logged in with; null before or otherwise.</summary>
        public string AuthenticatedAlgorithm => _recorder.AcceptedAlgorithm;

        public override AuthenticationResult Authenticate(Renci.SshNet.Session session) => _recorder.Track(() => base.Authenticate(session));

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
