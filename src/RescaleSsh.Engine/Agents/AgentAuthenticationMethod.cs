using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Renci.SshNet;
using RescaleSsh.Connections;

namespace RescaleSsh.Agents
{
    /// <summary>
    /// SSH.NET publickey authentication with the keys of an SSH agent: each key is offered in turn within one
    /// connection (see <see cref="AgentKeySource"/> for the order) and the agent signs for the one the server
    /// accepts. After a successful login <see cref="AuthenticatedIdentity"/> tells which key it was. A refusal to
    /// sign (AgentSignRefused), a timeout or a stop surface from the connect call as the agent client threw them.
    /// Put it in ConnectionInfo's methods before key-file methods: SSH.NET tries methods in order.
    /// </summary>
    public sealed class AgentAuthenticationMethod : PrivateKeyAuthenticationMethod
    {
        private readonly SignatureRecorder<AgentIdentity> _recorder;

        /// <param name="userName">The account to log in as.</param>
        /// <param name="agent">The agent; shared by many connections is fine (it serializes requests).</param>
        /// <param name="identities">The keys to offer, in order: usually all of <see cref="AgentClient.ListIdentities"/>, or those matching IdentityFile when IdentitiesOnly is set.</param>
        /// <param name="cancellationToken">Stops a pending agent call (Ctrl+C).</param>
        public AgentAuthenticationMethod(string userName, AgentClient agent, IEnumerable<AgentIdentity> identities, CancellationToken cancellationToken = default)
            : this(userName, agent, (identities ?? throw new ArgumentNullException(nameof(identities))).ToList(), new SignatureRecorder<AgentIdentity>(), cancellationToken)
        {
        }

        private AgentAuthenticationMethod(string userName, AgentClient agent, List<AgentIdentity> identities, SignatureRecorder<AgentIdentity> recorder, CancellationToken cancellationToken)
            : base(userName, new AgentKeySource(agent ?? throw new ArgumentNullException(nameof(agent)), identities, recorder.Record, cancellationToken))
        {
            Identities = identities;
            _recorder = recorder;
        }

        /// <summary>The keys offered, in the agent's order.</summary>
        public IReadOnlyList<AgentIdentity> Identities { get; }

        /// <summary>The agent key the server accepted, once authentication succeeded; null before or otherwise.</summary>
        public AgentIdentity AuthenticatedIdentity => _recorder.AcceptedKey;

        /// <summary>The publickey algorithm it logged in with (rsa-sha2-512, ssh-ed25519, …); null before or otherwise.</summary>
        public string AuthenticatedAlgorithm => _recorder.AcceptedAlgorithm;

        public override AuthenticationResult Authenticate(Renci.SshNet.Session session) => _recorder.Track(() => base.Authenticate(session));
    }
}
