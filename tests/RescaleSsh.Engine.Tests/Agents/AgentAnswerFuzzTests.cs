using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using RescaleSsh.Agents;
using RescaleSsh.Engine.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Engine.Tests.Agents
{
    /// <summary>
    /// Random and mutated agent answers (seeded, bounded): every call ends with a key list, a signature, or one of
    /// the agent error ids; never another exception, never a hang.
    /// </summary>
    public class AgentAnswerFuzzTests : IDisposable
    {
        private static readonly string[] AllowedIds = { "AgentProtocolError", "AgentUnavailable", "AgentSignRefused", "AgentTimedOut" };
        private readonly TempFolder _folder = new TempFolder();

        public void Dispose() => _folder.Dispose();

        [Theory]
        [InlineData(31, 150)]
        [InlineData(32, 150)]
        public void Any_answer_gives_a_result_or_a_clear_agent_error(int seed, int cases)
        {
            var random = new Random(seed);
            byte[] valid = FakeAgent.Frame(AgentMessages.IdentitiesAnswer((AgentMessages.Ed25519Blob(), "fuzz"), (AgentMessages.String("ssh-rsa").Concat(AgentMessages.String(new byte[] { 1, 0, 1 })).Concat(AgentMessages.String(new byte[] { 0, 0xC1, 2 })).ToArray(), "rsa")));
            var answers = new Queue<byte[]>();
            for (int i = 0; i < cases; i++) answers.Enqueue(NextAnswer(random, valid));
            byte[] current = null;
            using var fake = new FakeAgent(_folder.Combine("fuzz.sock"), (stream, _, _) =>
            {
                stream.Write(current);
                stream.Flush();
                stream.Close(); // one answer per connection: whatever the client read, the next call starts clean
            });
            using var client = new AgentClient(new UnixSocketAgentTransport(fake.SocketPath), TimeSpan.FromSeconds(5));
            var outcomes = new Dictionary<string, int>();
            for (int i = 0; i < cases; i++)
            {
                current = answers.Dequeue();
                string outcome;
                try
                {
                    outcome = "listed " + client.ListIdentities().Count;
                }
                catch (RescaleSshException e)
                {
                    Assert.Contains(e.ErrorId, AllowedIds);
                    Assert.False(string.IsNullOrWhiteSpace(e.Message));
                    outcome = e.ErrorId;
                }
                outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            }
            Assert.True(outcomes.Keys.Count(k => k.StartsWith("listed")) >= 1, string.Join(", ", outcomes));
            Assert.True(outcomes.GetValueOrDefault("AgentProtocolError") >= 1, string.Join(", ", outcomes));
        }

        /// <summary>The valid answer, or it with a few bytes changed, cut short, extended, or random bytes.</summary>
        private static byte[] NextAnswer(Random random, byte[] valid)
        {
            switch (random.Next(5))
            {
                case 0:
                    return valid;
                case 1:
                {
                    var copy = (byte[])valid.Clone();
                    for (int k = random.Next(1, 4); k > 0; k--) copy[random.Next(copy.Length)] = (byte)random.Next(256);
                    return copy;
                }
                case 2:
                    return valid.Take(random.Next(valid.Length)).ToArray();
                case 3:
                    return valid.Concat(Enumerable.Range(0, random.Next(1, 20)).Select(_ => (byte)random.Next(256))).ToArray();
                default:
                    return Enumerable.Range(0, random.Next(0, 64)).Select(_ => (byte)random.Next(256)).ToArray();
            }
        }
    }
}
