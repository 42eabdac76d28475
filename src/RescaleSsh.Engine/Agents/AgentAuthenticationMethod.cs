using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Renci.SshNet;

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
        private AgentIdentity _lastSigned;
        private string _lastAlgorithm;

        /// <param name="userName">The account to log in as.</param>
        /// <param name="agent">The agent; shared by many connections is fine (it serializes requests).</param>
        /// <param name="identities">The keys to offer, in order: usually all of <see cref="AgentClient.ListIdentities"/>, or those matching IdentityFile when IdentitiesOnly is set.</param>
        /// <param name="cancellationToken">Stops a pending agent call (Ctrl+C).</param>
        public AgentAuthenticationMethod(string userName, AgentClient agent, IEnumerable<AgentIdentity> identities, CancellationToken cancellationToken = default)
            : this(userName, agent, (identities ?? throw new ArgumentNullException(nameof(identities))).ToList(), new Recorder(), cancellationToken)
        {
        }

        private AgentAuthenticationMethod(string userName, AgentClient agent, List<AgentIdentity> identities, Recorder recorder, CancellationToken cancellationToken)
            : base(userName, new AgentKeySource(agent ?? throw new ArgumentNullException(nameof(agent)), identities, recorder.Record, cancellationToken))
        {
            Identities = identities;
            recorder.Owner = this;
        }

        /// <summary>The keys offered, in the agent's order.</summary>
        public IReadOnlyList<AgentIdentity> Identities { get; }

        /// <summary>The agent key the server accepted, once authentication succeeded; null before or otherwise.</summary>
        public AgentIdentity AuthenticatedIdentity { get; private set; }

        /// <summary>The publickey algorithm it logged in with (rsa-sha2-512, ssh-ed25519, …); null before or otherwise.</summary>
        public string AuthenticatedAlgorithm { get; private set; }

        public override AuthenticationResult Authenticate(Renci.SshNet.Session session)
        {
            _lastSigned = null;
            _lastAlgorithm = null;
            AuthenticatedIdentity = null;
            AuthenticatedAlgorithm = null;
            var result = base.Authenticate(session);
            // The server says success only after a valid signature, and the agent signed last for that key.
            if (result == AuthenticationResult.Success)
            {
                AuthenticatedIdentity = _lastSigned;
                AuthenticatedAlgorithm = _lastAlgorithm;
            }
            return result;
        }

        /// <summary>Carries the "signed" callback into the key source before the base constructor has run.</summary>
        private sealed class Recorder
        {
            internal AgentAuthenticationMethod Owner { get; set; }

            internal void Record(AgentIdentity identity, string algorithm)
            {
                if (Owner == null) return;
                Owner._lastSigned = identity;
                Owner._lastAlgorithm = algorithm;
            }
        }
    }
}
