using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace RescaleSsh.SshConfig
{
    /// <summary>
    /// Resolves a host name the way OpenSSH's client does with its config (ssh_config(5), OpenSSH 9): the caller's
    /// values first, then the file top to bottom (first obtained value wins), then ssh's defaults; then HostName's
    /// %h, lower-casing, and ~ / %-token / ${VAR} expansion of file names. Routing this module cannot honour
    /// (ProxyJump, ProxyCommand, CanonicalizeHostname, BindAddress, BindInterface, Match exec) fails with
    /// SshConfigUnsupported naming the keyword and line, never a silent direct connection.
    /// </summary>
    public sealed class SshConfigResolver
    {
        /// <summary>ssh's default identity files, in its order (readconf.c fill_default_options).</summary>
        public static readonly IReadOnlyList<string> DefaultIdentityFiles = new[]
        {
            "~/.ssh/id_rsa", "~/.ssh/id_ecdsa", "~/.ssh/id_ecdsa_sk", "~/.ssh/id_ed25519", "~/.ssh/id_ed25519_sk", "~/.ssh/id_xmss", "~/.ssh/id_dsa",
        };

        private static readonly string[] DefaultKnownHostsFiles = { "~/.ssh/known_hosts", "~/.ssh/known_hosts2" };

        private readonly SshConfigEnvironment _environment;
        private readonly ConfigFileCache _files = new ConfigFileCache();

        /// <summary>A resolver reads each config file once and answers from memory afterwards: make one per command.</summary>
        public SshConfigResolver(SshConfigEnvironment environment)
        {
            _environment = environment ?? throw new ArgumentNullException(nameof(environment));
        }

        /// <summary>For the user running this process.</summary>
        public static SshConfigResolver ForThisUser() => new SshConfigResolver(SshConfigEnvironment.ForThisProcess());

        /// <param name="host">The name the user gave: an alias from the config, or an address.</param>
        /// <param name="overrides">What the user gave on the command line; each value wins over the file.</param>
        /// <param name="configPath">A config file to read (-SshConfigPath; must exist), or null for ~/.ssh/config (read when present).</param>
        /// <param name="readConfig">False for -NoSshConfig: only the caller's values and ssh's defaults.</param>
        public SshConfigHost Resolve(string host, SshConfigOverrides overrides = null, string configPath = null, bool readConfig = true)
        {
            if (string.IsNullOrEmpty(host)) throw new ArgumentException("The host name is empty.", nameof(host));
            var state = new ConfigReadState();
            Seed(state, overrides ?? new SshConfigOverrides());

            string file = null;
            if (readConfig)
            {
                file = configPath ?? _environment.DefaultConfigPath;
                if (configPath == null && _files.Lines(Path.GetFullPath(file)) == null) file = null; // absent: no config (answered from the cache after the first look)
                if (file != null) new ConfigFileReader(state, _environment, host, _files).ReadTopLevel(file);
            }
            RefuseUnsupportedRouting(state);
            return Build(state, host, file == null ? null : Path.GetFullPath(file));
        }

        private static void Seed(ConfigReadState state, SshConfigOverrides o)
        {
            var cli = ConfigSource.CommandLine;
            if (!string.IsNullOrEmpty(o.User)) state.User = (o.User, cli);
            if (o.Port != null)
            {
                if (o.Port < 1 || o.Port > 65535) throw new ArgumentOutOfRangeException(nameof(o), "The port must be 1 to 65535.");
                state.Port = (o.Port.Value, cli);
            }
            if (o.IdentityFiles != null && o.IdentityFiles.Count > 0)
            {
                state.IdentityFilesFromCommandLine = true;
                foreach (var f in o.IdentityFiles.Distinct(StringComparer.Ordinal)) state.IdentityFiles.Add((f, cli));
            }
            if (o.IdentitiesOnly != null) state.IdentitiesOnly = (o.IdentitiesOnly.Value, cli);
            if (!string.IsNullOrEmpty(o.IdentityAgent)) state.IdentityAgent = (o.IdentityAgent, cli);
            if (o.UserKnownHostsFiles != null) foreach (var f in o.UserKnownHostsFiles) state.UserKnownHostsFiles.Add((f, cli));
            if (o.StrictHostKeyChecking != null) state.StrictHostKeyChecking = (o.StrictHostKeyChecking.Value, cli);
            if (o.ConnectTimeoutSeconds != null) state.ConnectTimeout = (o.ConnectTimeoutSeconds.Value, cli);
            if (!string.IsNullOrEmpty(o.HostKeyAlias)) state.HostKeyAlias = (o.HostKeyAlias, cli);
            if (o.ServerAliveIntervalSeconds != null) state.ServerAliveInterval = (o.ServerAliveIntervalSeconds.Value, cli);
        }

        private static void RefuseUnsupportedRouting(ConfigReadState state)
        {
            if (state.ProxyJump != null && !IsNone(state.ProxyJump.Value.Value))
                throw SshConfigErrors.Unsupported(state.ProxyJump.Value.Source, "ProxyJump " + state.ProxyJump.Value.Value, "cannot connect through a jump host");
            if (state.ProxyCommand != null && !IsNone(state.ProxyCommand.Value.Value))
                throw SshConfigErrors.Unsupported(state.ProxyCommand.Value.Source, "ProxyCommand", "cannot connect through a proxy command");
            if (state.CanonicalizeHostname != null && state.CanonicalizeHostname.Value.Value != 0)
                throw SshConfigErrors.Unsupported(state.CanonicalizeHostname.Value.Source, "CanonicalizeHostname", "does not canonicalize host names");
            if (state.BindAddress != null)
                throw SshConfigErrors.Unsupported(state.BindAddress.Value.Source, "BindAddress", "cannot choose the local address it connects from");
            if (state.BindInterface != null)
                throw SshConfigErrors.Unsupported(state.BindInterface.Value.Source, "BindInterface", "cannot choose the local interface it connects from");
        }

        private SshConfigHost Build(ConfigReadState state, string hostArgument, string file)
        {
            var notes = new List<string>();
            var hostName = state.HostName == null
                ? new ConfigValue<string>(LowerCaseName(hostArgument), null, ConfigSource.Default)
                : new ConfigValue<string>(
                    LowerCaseName(ConfigExpansion.Expand(state.HostName.Value.Value, new Dictionary<char, string> { ['h'] = hostArgument }, false, _environment, m => SshConfigErrors.Invalid(state.HostName.Value.Source, "HostName " + m))),
                    state.HostName.Value.Value, state.HostName.Value.Source);
            var user = state.User == null
                ? new ConfigValue<string>(_environment.LocalUserName, null, ConfigSource.Default)
                : new ConfigValue<string>(state.User.Value.Value, state.User.Value.Value, state.User.Value.Source);
            var port = state.Port == null
                ? new ConfigValue<int>(22, null, ConfigSource.Default)
                : new ConfigValue<int>(state.Port.Value.Value, state.Port.Value.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), state.Port.Value.Source);
            var alias = state.HostKeyAlias == null ? new ConfigValue<string>(null, null, ConfigSource.Default)
                : new ConfigValue<string>(state.HostKeyAlias.Value.Value, state.HostKeyAlias.Value.Value, state.HostKeyAlias.Value.Source);

            var tokens = Tokens(hostName.Value, hostArgument, user.Value, port.Value, alias.Value);

            var identityFiles = state.IdentityFiles.Count > 0
                ? state.IdentityFiles.Select(f => ExpandPath(f.Written, f.Source, tokens, "IdentityFile")).ToList()
                : DefaultIdentityFiles.Select(f => ExpandPath(f, ConfigSource.Default, tokens, "IdentityFile")).ToList();
            var knownHosts = state.UserKnownHostsFiles.Count > 0
                ? state.UserKnownHostsFiles.Select(f => ExpandPath(f.Written, f.Source, tokens, "UserKnownHostsFile")).ToList()
                : DefaultKnownHostsFiles.Select(f => ExpandPath(f, ConfigSource.Default, tokens, "UserKnownHostsFile")).ToList();

            ConfigValue<string> agent = new ConfigValue<string>(null, null, ConfigSource.Default);
            if (state.IdentityAgent != null)
            {
                var (written, source) = state.IdentityAgent.Value;
                string value = written;
                if (written == "none" || written == "SSH_AUTH_SOCK") value = written;
                else if (written[0] == '$' && ConfigExpansion.ValidEnvironmentName(written.Substring(1)))
                    value = _environment.GetEnvironmentVariable(written.Substring(1)) ?? throw SshConfigErrors.Invalid(source, $"IdentityAgent names the environment variable {written}, which is not set");
                else value = ExpandPath(written, source, tokens, "IdentityAgent").Value;
                agent = new ConfigValue<string>(value, written, source);
            }

            var strict = state.StrictHostKeyChecking == null
                ? new ConfigValue<StrictHostKeyChecking>(StrictHostKeyChecking.Ask, null, ConfigSource.Default)
                : new ConfigValue<StrictHostKeyChecking>(state.StrictHostKeyChecking.Value.Value, state.StrictHostKeyChecking.Value.Value.ToString(), state.StrictHostKeyChecking.Value.Source);
            if (strict.Value == StrictHostKeyChecking.Ask && strict.Source.Kind != ConfigSourceKind.Default)
                notes.Add($"StrictHostKeyChecking is 'ask' ({strict.Source}): this module cannot ask, so an unknown host key is refused as with 'yes'. Add the key to known_hosts, or use accept-new.");

            int defaultAlive = state.BatchMode == true ? 300 : 0;
            return new SshConfigHost
            {
                OriginalHost = hostArgument,
                ConfigFile = file,
                HostName = hostName,
                User = user,
                Port = port,
                IdentityFiles = identityFiles,
                IdentitiesOnly = state.IdentitiesOnly == null ? new ConfigValue<bool>(false, null, ConfigSource.Default)
                    : new ConfigValue<bool>(state.IdentitiesOnly.Value.Value, state.IdentitiesOnly.Value.Value ? "yes" : "no", state.IdentitiesOnly.Value.Source),
                IdentityAgent = agent,
                UserKnownHostsFiles = knownHosts,
                StrictHostKeyChecking = strict,
                ConnectTimeoutSeconds = state.ConnectTimeout == null ? new ConfigValue<int?>(null, null, ConfigSource.Default)
                    : new ConfigValue<int?>(state.ConnectTimeout.Value.Value, null, state.ConnectTimeout.Value.Source),
                HostKeyAlias = alias,
                ServerAliveIntervalSeconds = state.ServerAliveInterval == null ? new ConfigValue<int>(defaultAlive, null, ConfigSource.Default)
                    : new ConfigValue<int>(state.ServerAliveInterval.Value.Value, null, state.ServerAliveInterval.Value.Source),
                Notes = notes,
            };
        }

        private ConfigValue<string> ExpandPath(string written, ConfigSource source, IReadOnlyDictionary<char, string> tokens, string keyword)
        {
            Func<string, Exception> fail = m => source.Kind == ConfigSourceKind.File
                ? SshConfigErrors.Invalid(source, keyword + " " + m)
                : (Exception)new ArgumentException($"{keyword}: {m}");
            string tilde = ConfigExpansion.Tilde(written, _environment, fail);
            return new ConfigValue<string>(ConfigExpansion.Expand(tilde, tokens, true, _environment, fail, written), written, source);
        }

        /// <summary>ssh's client %-tokens (ssh.c DEFAULT_CLIENT_PERCENT_EXPAND_ARGS).</summary>
        private Dictionary<char, string> Tokens(string host, string hostArgument, string user, int port, string hostKeyAlias)
        {
            string local = _environment.LocalHostName;
            int dot = local.IndexOf('.');
            string portText = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return new Dictionary<char, string>
            {
                ['C'] = ConnectionHash(local, host, portText, user),
                ['L'] = dot < 0 ? local : local.Substring(0, dot),
                ['i'] = _environment.UserId,
                ['k'] = hostKeyAlias ?? hostArgument,
                ['l'] = local,
                ['n'] = hostArgument,
                ['p'] = portText,
                ['d'] = _environment.HomeDirectory,
                ['h'] = host,
                ['r'] = user,
                ['u'] = _environment.LocalUserName,
                ['j'] = "",
            };
        }

        /// <summary>%C: hex SHA-1 of local host, host, port, user (and the jump host, empty here) (readconf.c ssh_connection_hash).</summary>
        private static string ConnectionHash(string local, string host, string port, string user)
        {
#pragma warning disable CA5350 // %C is defined as SHA-1 by OpenSSH; it names files, it protects nothing
            using (var sha1 = SHA1.Create())
#pragma warning restore CA5350
            {
                byte[] hash = sha1.ComputeHash(Encoding.UTF8.GetBytes(local + host + port + user));
                var hex = new StringBuilder(40);
                foreach (byte b in hash) hex.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                return hex.ToString();
            }
        }

        /// <summary>ssh lower-cases the host name, except one with ':' or '%' (an IPv6 address, perhaps with a scope, whose interface name keeps its case).</summary>
        private static string LowerCaseName(string host) => host.IndexOf(':') >= 0 || host.IndexOf('%') >= 0 ? host : HostPatterns.AsciiLower(host);

        private static bool IsNone(string value) => string.Equals(value, "none", StringComparison.OrdinalIgnoreCase);
    }
}
