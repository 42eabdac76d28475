using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Renci.SshNet;
using RescaleSsh.Agents;

namespace RescaleSsh.Connections
{
    /// <summary>
    /// How one connection logs into a device, every source within that one connection, in ssh's order: an SSH agent's
    /// keys (each offered in turn), then key files (each in turn: -KeyFilePath, else IdentityFile, else the default
    /// keys; read by the module's own readers, <see cref="LoginKeyFile"/>), then a password (-Credential). Keys are
    /// read and the agent asked for its keys before any connection is made; after a successful login
    /// <see cref="LoggedInWith"/> tells which key it was.
    /// </summary>
    internal sealed class LoginCredential : IDisposable
    {
        private readonly List<IDisposable> _owned = new List<IDisposable>();
        private readonly List<AuthenticationMethod> _methods = new List<AuthenticationMethod>();
        private readonly List<string> _offered = new List<string>();
        private AgentAuthenticationMethod _agent;
        private string _agentName;
        private KeyFileAuthenticationMethod _files;

        private LoginCredential(string userName) => UserName = userName;

        public string UserName { get; }
        public AuthenticationMethod[] Methods => _methods.ToArray();

        /// <summary>How this login is named in an authentication failure: "the 2 keys of the SSH agent at '…' and the key '…'".</summary>
        public string Description => string.Join(" and ", _offered);

        /// <summary>The key that logged in, once the connection is authenticated; null for a password login.</summary>
        public LoginKey LoggedInWith
        {
            get
            {
                if (_agent?.AuthenticatedIdentity is AgentIdentity id)
                    return new LoginKey(id.Fingerprint, _agent.AuthenticatedAlgorithm, LoginKeySource.Agent, _agentName, id.Comment);
                if (_files?.AuthenticatedKey is LoginKeyFile key)
                    return new LoginKey(key.Fingerprint, _files.AuthenticatedAlgorithm, LoginKeySource.KeyFile, key.Path, key.Comment);
                return null;
            }
        }

        /// <param name="host">Where -Verbose lines and once-per-command warnings go; null for none.</param>
        /// <param name="only">Offer only this key (a second connection to a device that one key already logged into).</param>
        public static LoginCredential For(Device device, ConnectionOptions options, IOperationHost host, CancellationToken cancellation, LoginKey only = null)
        {
            var credential = new LoginCredential(device.UserName);
            try
            {
                credential.Build(device, options, host, only, cancellation);
                return credential;
            }
            catch
            {
                credential.Dispose();
                throw;
            }
        }

        private void Build(Device device, ConnectionOptions options, IOperationHost host, LoginKey only, CancellationToken cancellation)
        {
            var logins = options.Logins;
            if (logins == null)
            {
                logins = new LoginSources(options.Hooks.AgentLocator);
                _owned.Add(logins);
            }
            bool agentAllowed = options.Agent != AgentUse.None && (only == null || only.Source == LoginKeySource.Agent);
            RescaleSshException agentFailure = agentAllowed ? AddAgent(options, logins, host, only, cancellation) : null;
            RescaleSshException skipped = null;
            if (options.Agent != AgentUse.Only && (only == null || only.Source == LoginKeySource.KeyFile))
            {
                skipped = AddKeyFiles(only != null ? new[] { only.Path } : options.KeyFilePaths, options, logins, host);
            }
            if (only == null && options.Password != null && options.Password.Length > 0)
            {
                byte[] password = Passphrase.ToUtf8(options.Password);
                _owned.Add(new ZeroOnDispose(password));
                Add(new PasswordAuthenticationMethod(UserName, password), "the password");
            }
            if (_methods.Count > 0) return;
            if (skipped != null) throw skipped;
            if (agentFailure != null && agentFailure.ErrorId != AgentErrors.NotFoundId) throw agentFailure;
            throw new RescaleSshException("NoCredential", FailureCategory.AuthenticationError,
                options.Agent == AgentUse.Only
                    ? $"No way to log into {device}: -Agent was given and the SSH agent holds no key{(options.IdentitiesOnly ? " matching IdentityFile (IdentitiesOnly)" : "")}. Add your key to the agent (ssh-add KEY, or load it into Pageant), or use -KeyFilePath."
                    : $"No way to log into {device}: no SSH agent offered a key, no -Credential was given, and none of the key files {string.Join(", ", options.KeyFilePaths.Select(p => "'" + p + "'"))} exists. Create a key with New-RescaleKeyPair, load one into ssh-agent or Pageant, or pass -KeyFilePath.",
                device);
        }

        /// <summary>Offers the agent's keys; returns why the agent could not be used (thrown instead under -Agent).</summary>
        private RescaleSshException AddAgent(ConnectionOptions options, LoginSources logins, IOperationHost host, LoginKey only, CancellationToken cancellation)
        {
            AgentClient agent;
            IReadOnlyList<AgentIdentity> identities;
            try
            {
                agent = logins.Agent(only?.Path ?? options.AgentPath);
                identities = agent.ListIdentities(cancellation);
            }
            catch (RescaleSshException ex) when (options.Agent != AgentUse.Only && IsAgentFailure(ex.ErrorId))
            {
                if (ex.ErrorId == AgentErrors.NotFoundId) host?.WriteVerbose("No SSH agent: " + ex.Message);
                else if (logins.FirstTime(ex.Message)) host?.WriteWarning(ex.Message + " Carrying on without the agent.");
                return ex;
            }
            var offered = identities.Where(id => only == null || id.Fingerprint == only.Fingerprint).ToList();
            if (options.IdentitiesOnly)
            {
                var named = options.KeyFilePaths.Select(logins.PublicBlob).Where(b => b != null).ToList();
                offered = offered.Where(id => named.Any(blob => Wire.Bytes.Equal(blob, id.Blob))).ToList();
            }
            if (offered.Count == 0)
            {
                host?.WriteVerbose(identities.Count == 0
                    ? $"The SSH agent at '{agent.AgentName}' holds no keys."
                    : $"None of the {identities.Count} keys of the SSH agent at '{agent.AgentName}' is offered: IdentitiesOnly allows only those matching IdentityFile.");
                return null;
            }
            host?.WriteVerbose($"Offering {offered.Count} key(s) of the SSH agent at '{agent.AgentName}': {string.Join(", ", offered.Select(Describe))}.");
            _agent = new AgentAuthenticationMethod(UserName, agent, offered, cancellation);
            _agentName = agent.AgentName;
            Add(_agent, offered.Count == 1 ? $"the agent key {offered[0].Fingerprint}" : $"the {offered.Count} keys of the SSH agent at '{agent.AgentName}'");
            return null;
        }

        private static string Describe(AgentIdentity id) =>
            id.Comment.Length > 0 ? $"{id.Fingerprint} ({DisplayText.Visible(id.Comment)})" : id.Fingerprint;

        /// <summary>Offers the key files that can be read; returns why the first one skipped was (thrown when nothing else logs in).</summary>
        private RescaleSshException AddKeyFiles(IReadOnlyList<string> paths, ConnectionOptions options, LoginSources logins, IOperationHost host)
        {
            var keys = new List<LoginKeyFile>();
            RescaleSshException skipped = null;
            foreach (string path in paths)
            {
                if (!options.KeyFilesGiven && !File.Exists(path)) continue;
                try
                {
                    var key = logins.KeyFile(path, options.KeyPassphrase);
                    if (!keys.Contains(key)) keys.Add(key);
                }
                catch (RescaleSshException ex) when (!options.KeyFilesGiven || ex.ErrorId == "KeyPassphraseRequired")
                {
                    host?.WriteVerbose(ex.ErrorId == "KeyPassphraseRequired"
                        ? $"Skipping the key file '{path}': it needs a passphrase and no -KeyPassphrase was given."
                        : $"Skipping the key file '{path}': {ex.Message}");
                    skipped = skipped ?? ex;
                }
            }
            if (keys.Count == 0) return skipped;
            host?.WriteVerbose($"Offering {keys.Count} key file(s): {string.Join(", ", keys.Select(k => $"'{k.Path}' ({k.Fingerprint})"))}.");
            _files = new KeyFileAuthenticationMethod(UserName, keys);
            Add(_files, keys.Count == 1 ? $"the key '{keys[0].Path}'" : $"the keys {string.Join(", ", keys.Select(k => "'" + k.Path + "'"))}");
            return skipped;
        }

        private void Add(AuthenticationMethod method, string description)
        {
            _methods.Add(method);
            _owned.Add(method);
            _offered.Add(description);
        }

        private static bool IsAgentFailure(string errorId) =>
            errorId == AgentErrors.NotFoundId || errorId == AgentErrors.UnavailableId || errorId == AgentErrors.ProtocolErrorId ||
            errorId == AgentErrors.TimedOutId || errorId == AgentErrors.NotTrustedId;

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
