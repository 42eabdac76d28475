using System;
using System.Threading;
using Renci.SshNet.Security;

namespace RescaleSsh.Agents
{
    /// <summary>
    /// One agent key under one signature algorithm, as SSH.NET's publickey authentication offers it: <see cref="Data"/>
    /// is the public key blob, <see cref="HostAlgorithm.Name"/> the algorithm named in SSH_MSG_USERAUTH_REQUEST, and
    /// <see cref="Sign"/> asks the agent (with the RSA SHA-2 flag that matches the name, RFC 8332) and returns the
    /// signature blob SSH.NET sends as is. The private key never leaves the agent.
    /// </summary>
    internal sealed class AgentHostAlgorithm : HostAlgorithm
    {
        private readonly AgentClient _agent;
        private readonly AgentSigningOptions _flags;
        private readonly CancellationToken _cancellationToken;
        private readonly Action<AgentIdentity, string> _signed;

        internal AgentHostAlgorithm(AgentClient agent, AgentIdentity identity, AgentSigningOptions flags, Action<AgentIdentity, string> signed, CancellationToken cancellationToken)
            : base(AlgorithmName(identity, flags))
        {
            _agent = agent;
            Identity = identity;
            _flags = flags;
            _signed = signed;
            _cancellationToken = cancellationToken;
        }

        internal AgentIdentity Identity { get; }

        public override byte[] Data => Identity.GetPublicKeyBlob();

        public override byte[] Sign(byte[] data)
        {
            byte[] signature = _agent.Sign(Identity, data, _flags, _cancellationToken);
            _signed?.Invoke(Identity, Name);
            return signature;
        }

        /// <summary>Client keys only sign; SSH.NET never asks them to verify.</summary>
        public override bool VerifySignature(byte[] data, byte[] signature) =>
            throw new NotSupportedException("An agent key signs; it does not verify signatures.");

        /// <summary>The publickey algorithm name: the signature algorithm, with the certificate suffix for a certificate (PROTOCOL.certkeys).</summary>
        internal static string AlgorithmName(AgentIdentity identity, AgentSigningOptions flags)
        {
            string signature = AgentClient.SignatureAlgorithm(identity, flags);
            return identity.IsCertificate ? signature + "-cert-v01@openssh.com" : signature;
        }
    }
}
