using System.Collections.Generic;
using System.Threading;
using Renci.SshNet;
using Renci.SshNet.Security;

namespace RescaleSsh.Agents
{
    /// <summary>
    /// An agent's keys as one SSH.NET key source. SSH.NET offers every algorithm of every source in turn, each
    /// offer costing one of the server's MaxAuthTries, so the order is chosen here: every key once under its best
    /// algorithm (rsa-sha2-512 for RSA) in the agent's order, then RSA keys under rsa-sha2-256, and last under SHA-1
    /// ssh-rsa, which is therefore only ever signed with when the server refused both SHA-2 names. Offers are
    /// queries without a signature (SSH.NET signs only after the server's PK_OK when there is more than one offer),
    /// so the agent signs, and asks for any confirmation, only for a key the server accepts.
    /// </summary>
    internal sealed class AgentKeySource : IPrivateKeySource
    {
        internal AgentKeySource(AgentClient agent, IEnumerable<AgentIdentity> identities, System.Action<AgentIdentity, string> signed, CancellationToken cancellationToken)
        {
            var first = new List<HostAlgorithm>();
            var sha256 = new List<HostAlgorithm>();
            var sha1 = new List<HostAlgorithm>();
            foreach (var identity in identities)
            {
                if (identity.IsRsa)
                {
                    first.Add(new AgentHostAlgorithm(agent, identity, AgentSigningOptions.RsaSha2512, signed, cancellationToken));
                    sha256.Add(new AgentHostAlgorithm(agent, identity, AgentSigningOptions.RsaSha2256, signed, cancellationToken));
                    sha1.Add(new AgentHostAlgorithm(agent, identity, AgentSigningOptions.None, signed, cancellationToken));
                }
                else
                {
                    first.Add(new AgentHostAlgorithm(agent, identity, AgentSigningOptions.None, signed, cancellationToken));
                }
            }
            first.AddRange(sha256);
            first.AddRange(sha1);
            HostKeyAlgorithms = first;
        }

        public IReadOnlyCollection<HostAlgorithm> HostKeyAlgorithms { get; }
    }
}
