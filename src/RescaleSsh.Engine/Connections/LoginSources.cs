using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security;
using System.Threading;
using RescaleSsh.Agents;
using RescaleSsh.Keys;

namespace RescaleSsh.Connections
{
    /// <summary>
    /// What the logins of one command share, so that work is done once per command and not once per device: each
    /// key file is read (and decrypted: a KDF can take seconds) once, and each agent has one client, which serializes
    /// requests so that every worker may use it. The command holds one reference; each session it opens takes another
    /// (<see cref="Retain"/>) for its reconnects, and the last one released disposes the keys and closes the agents.
    /// </summary>
    internal sealed class LoginSources : IDisposable
    {
        private readonly object _gate = new object();
        private readonly Dictionary<string, Lazy<LoginKeyFile>> _keys = new Dictionary<string, Lazy<LoginKeyFile>>(StringComparer.Ordinal);
        private readonly Dictionary<string, Lazy<byte[]>> _publicBlobs = new Dictionary<string, Lazy<byte[]>>(StringComparer.Ordinal);
        private readonly Dictionary<string, AgentClient> _agents = new Dictionary<string, AgentClient>(StringComparer.Ordinal);
        private readonly HashSet<string> _said = new HashSet<string>(StringComparer.Ordinal);
        private readonly AgentLocator _locator;
        private int _references = 1;

        public LoginSources(AgentLocator locator)
        {
            _locator = locator ?? AgentLocator.ForThisProcess;
        }

        /// <summary>The key file read with <paramref name="passphrase"/>, read on first use; a failure is remembered and thrown again.</summary>
        public LoginKeyFile KeyFile(string path, SecureString passphrase)
        {
            Lazy<LoginKeyFile> key;
            lock (_gate)
            {
                ThrowIfReleased();
                if (!_keys.TryGetValue(path, out key))
                {
                    key = new Lazy<LoginKeyFile>(() => LoginKeyFile.Read(path, passphrase), LazyThreadSafetyMode.ExecutionAndPublication);
                    _keys.Add(path, key);
                }
            }
            return key.Value;
        }

        /// <summary>
        /// The public key blob of a key file without its passphrase (for IdentitiesOnly): from the .pub beside it, as ssh
        /// takes it, else from the file's public half. Null when neither can be read.
        /// </summary>
        public byte[] PublicBlob(string path)
        {
            Lazy<byte[]> blob;
            lock (_gate)
            {
                ThrowIfReleased();
                if (!_publicBlobs.TryGetValue(path, out blob))
                {
                    blob = new Lazy<byte[]>(() => ReadPublicBlob(path), LazyThreadSafetyMode.ExecutionAndPublication);
                    _publicBlobs.Add(path, blob);
                }
            }
            return blob.Value;
        }

        private static byte[] ReadPublicBlob(string path)
        {
            foreach (string candidate in new[] { path + ".pub", path })
            {
                if (!File.Exists(candidate)) continue;
                try
                {
                    var key = KeyFileReader.ReadFile(candidate, null).Key;
                    try
                    {
                        return key.PublicBlob();
                    }
                    finally
                    {
                        key.Clear();
                    }
                }
                catch (RescaleSshException)
                {
                    // Not a key this module reads: try the next candidate.
                }
            }
            return null;
        }

        /// <summary>
        /// The client of the agent at <paramref name="path"/> (a socket or pipe), or of the agent found in the usual
        /// places when null; one per agent for the whole command. AgentNotFound when there is none.
        /// </summary>
        public AgentClient Agent(string path)
        {
            lock (_gate)
            {
                // An agent this command already reached, named again (a second connection to a device): the same client,
                // with the transport chosen when it was found (Pageant's pipe must stay the user's own).
                if (path != null && _agents.TryGetValue(path, out var known)) return known;
            }
            var transport = _locator.Locate(path);
            lock (_gate)
            {
                ThrowIfReleased();
                if (!_agents.TryGetValue(transport.Name, out var agent))
                {
                    agent = new AgentClient(transport);
                    _agents.Add(transport.Name, agent);
                }
                return agent;
            }
        }

        /// <summary>True the first time <paramref name="message"/> is given: advice about a shared source is said once per command, not per device.</summary>
        public bool FirstTime(string message)
        {
            lock (_gate) return _said.Add(message);
        }

        /// <summary>Takes another reference (a session's), released by its own <see cref="Dispose"/>.</summary>
        public LoginSources Retain()
        {
            lock (_gate)
            {
                ThrowIfReleased();
                _references++;
                return this;
            }
        }

        private void ThrowIfReleased()
        {
            if (_references <= 0) throw new ObjectDisposedException(nameof(LoginSources));
        }

        /// <summary>Releases one reference; the last disposes every key read and closes every agent connection.</summary>
        public void Dispose()
        {
            List<IDisposable> owned;
            lock (_gate)
            {
                if (_references <= 0 || --_references > 0) return;
                // A key whose reading failed has no value (Lazy keeps the exception instead).
                owned = _keys.Values.Where(k => k.IsValueCreated).Select(k => (IDisposable)k.Value).Concat(_agents.Values).ToList();
                _keys.Clear();
                _publicBlobs.Clear();
                _agents.Clear();
            }
            foreach (var item in owned) item.Dispose();
        }
    }
}
