using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using RescaleSsh.SshConfig;

namespace RescaleSsh.Connections
{
    /// <summary>
    /// Turns the devices of one command into what to connect to: each address (an alias in any addressing form) goes
    /// through ~/.ssh/config with OpenSSH's rules (<see cref="SshConfigResolver"/>, whose files are read once for the
    /// command), the command line and the device string winning over the file, and the module's defaults filling the
    /// rest. One rule set serves the connecting cmdlets (<see cref="Resolve"/>) and Get-RescaleDevice (<see cref="Describe"/>).
    /// </summary>
    internal sealed class DeviceResolver
    {
        private const string CommandLine = "command line";
        private const string DeviceString = "device string";
        private const string Default = "default";

        private readonly SshConfigResolver _config;
        private readonly string _sshFolder;
        private readonly LoginSources _logins;

        public DeviceResolver(SshConfigEnvironment environment, LoginSources logins)
        {
            _config = new SshConfigResolver(environment);
            _sshFolder = Path.Combine(environment.HomeDirectory, ".ssh");
            _logins = logins;
        }

        /// <summary>The device to connect to and how; a device without a user name is DeviceInvalid, a config this module cannot honour SshConfigUnsupported.</summary>
        public Device Resolve(string text, DeviceAddress address, ConnectionRequest request, out ConnectionOptions options)
        {
            var view = Describe(text, address, request, out var host, out var agent);
            if (view.UserName == null)
                throw DeviceAddress.NoUser(text);
            options = new ConnectionOptions
            {
                KeyFilePaths = view.KeyFilePath,
                KeyFilesGiven = request.KeyFilePaths.Count > 0,
                KeyPassphrase = request.KeyPassphrase,
                Password = request.Password,
                Agent = agent.Use,
                AgentPath = agent.Path,
                IdentitiesOnly = view.IdentitiesOnly,
                KnownHostsPath = view.KnownHostsPath,
                MoreKnownHostsPaths = view.MoreKnownHostsPaths,
                HostKeyAlias = view.HostKeyAlias,
                HostKeyPolicy = view.HostKeyPolicy,
                HostKeyFingerprints = request.HostKeyFingerprints,
                ConnectTimeoutSeconds = view.ConnectTimeout,
                KeepAliveSeconds = view.ServerAliveInterval,
                Hooks = request.Hooks,
                KnownHosts = request.KnownHosts,
                Logins = _logins,
                Config = host,
            };
            return new Device(view.ComputerName, view.UserName, view.Port);
        }

        /// <summary>What <see cref="Resolve"/> would connect to, with where each value came from (Get-RescaleDevice).</summary>
        public ResolvedDevice Describe(string text, DeviceAddress address, ConnectionRequest request) =>
            Describe(text, address, request, out _, out _);

        private ResolvedDevice Describe(string text, DeviceAddress address, ConnectionRequest request, out SshConfigHost host, out (AgentUse Use, string Path, string Source) agent)
        {
            host = _config.Resolve(address.Host, new SshConfigOverrides
            {
                User = address.UserName ?? request.UserName,
                Port = address.Port ?? request.Port,
                StrictHostKeyChecking = request.HostKeyPolicy == null ? (StrictHostKeyChecking?)null : Strictness(request.HostKeyPolicy.Value),
                ConnectTimeoutSeconds = request.ConnectTimeoutSeconds,
                IdentityAgent = request.Agent == AgentUse.None ? "none" : null,
            }, request.SshConfigPath, request.ReadSshConfig);

            var settings = new List<DeviceSetting>();
            string Add(string name, string value, string source)
            {
                settings.Add(new DeviceSetting(name, value, source));
                return value;
            }

            var view = new ResolvedDevice { Name = text, ConfigFile = host.ConfigFile, Notes = host.Notes };
            view.ComputerName = Add("ComputerName", host.HostName.Value, host.HostName.Source.Kind == ConfigSourceKind.Default ? "as given" : host.HostName.Source.ToString());
            bool userKnown = host.User.Source.Kind != ConfigSourceKind.Default;
            view.UserName = userKnown ? host.User.Value : null;
            Add("UserName", view.UserName, !userKnown ? "not given" : address.UserName != null ? DeviceString : host.User.Source.ToString());
            view.Port = host.Port.Value;
            Add("Port", Invariant(view.Port), address.Port != null ? DeviceString : host.Port.Source.ToString());

            var keys = KeyFiles(request, host, out string keySource);
            view.KeyFilePath = keys;
            Add("KeyFilePath", string.Join(", ", keys), keySource);
            view.IdentitiesOnly = host.IdentitiesOnly.Value;
            Add("IdentitiesOnly", host.IdentitiesOnly.Value ? "yes" : "no", host.IdentitiesOnly.Source.ToString());
            agent = Agent(request, host);
            view.Agent = Add("Agent", agent.Use == AgentUse.None ? "none" : (agent.Path ?? UsualAgents) + (agent.Use == AgentUse.Only ? " (only)" : ""), agent.Source);

            var knownHosts = host.UserKnownHostsFiles.FirstOrDefault(f => !IsNone(f.Value));
            view.KnownHostsPath = Add("KnownHostsPath", request.KnownHostsPath ?? knownHosts?.Value ?? NullDevice,
                request.KnownHostsPath != null ? CommandLine : (knownHosts ?? host.UserKnownHostsFiles[0]).Source.ToString());
            if (request.KnownHostsPath == null && knownHosts != null)
            {
                var more = host.UserKnownHostsFiles.Where(f => !IsNone(f.Value)).Skip(1).ToList();
                view.MoreKnownHostsPaths = more.Select(f => f.Value).ToList();
                if (more.Count > 0 && more[0].Source.Kind != ConfigSourceKind.Default)
                {
                    Add("MoreKnownHostsPaths", string.Join(", ", view.MoreKnownHostsPaths), more[0].Source.ToString());
                }
            }
            if (host.HostKeyAlias.Value != null)
            {
                view.HostKeyAlias = Add("HostKeyAlias", host.HostKeyAlias.Value, host.HostKeyAlias.Source.ToString());
            }
            var strict = host.StrictHostKeyChecking;
            view.HostKeyPolicy = strict.Source.Kind == ConfigSourceKind.Default ? HostKeyPolicy.AcceptNew : Policy(strict.Value);
            Add("HostKeyPolicy", view.HostKeyPolicy.ToString(), strict.Source.Kind == ConfigSourceKind.File ? $"{strict.Source} (StrictHostKeyChecking {strict.Written})" : strict.Source.ToString());
            int? timeout = host.ConnectTimeoutSeconds.Value;
            view.ConnectTimeout = timeout > 0 ? timeout.Value : ConnectionOptions.DefaultConnectTimeoutSeconds;
            Add("ConnectTimeout", Invariant(view.ConnectTimeout), timeout > 0 ? host.ConnectTimeoutSeconds.Source.ToString() : Default);
            view.ServerAliveInterval = host.ServerAliveIntervalSeconds.Value;
            Add("ServerAliveInterval", Invariant(view.ServerAliveInterval), host.ServerAliveIntervalSeconds.Source.ToString());
            view.Settings = settings;
            return view;
        }

        /// <summary>-KeyFilePath; else the config's IdentityFile lines; else the module's default keys (ssh's own defaults are replaced by them).</summary>
        private IReadOnlyList<string> KeyFiles(ConnectionRequest request, SshConfigHost host, out string source)
        {
            if (request.KeyFilePaths.Count > 0)
            {
                source = CommandLine;
                return request.KeyFilePaths;
            }
            var written = host.IdentityFiles.Where(f => f.Source.Kind != ConfigSourceKind.Default).ToList();
            if (written.Count > 0)
            {
                source = string.Join(", ", written.Select(f => f.Source.ToString()).Distinct());
                return written.Select(f => f.Value).ToList();
            }
            source = Default;
            return ConnectionOptions.DefaultKeyFileNames.Select(name => Path.Combine(_sshFolder, name)).ToList();
        }

        /// <summary>-Agent/-NoAgent/-AgentPath; else IdentityAgent; an agent is not used beside -KeyFilePath (those keys only).</summary>
        private static (AgentUse Use, string Path, string Source) Agent(ConnectionRequest request, SshConfigHost host)
        {
            string configured = host.IdentityAgent.Value;
            string configSource = host.IdentityAgent.Source.ToString();
            switch (request.Agent)
            {
                case AgentUse.None:
                    return (AgentUse.None, null, CommandLine);
                case AgentUse.Only:
                    return (AgentUse.Only, request.AgentPath ?? (IsNone(configured) ? null : configured),
                        request.AgentPath != null || configured == null || IsNone(configured) ? CommandLine : CommandLine + ", " + configSource);
            }
            if (request.KeyFilePaths.Count > 0) return (AgentUse.None, null, CommandLine + " (-KeyFilePath: those keys only)");
            if (request.AgentPath != null) return (AgentUse.Default, request.AgentPath, CommandLine);
            if (IsNone(configured)) return (AgentUse.None, null, configSource);
            return (AgentUse.Default, configured, configSource);
        }

        private static StrictHostKeyChecking Strictness(HostKeyPolicy policy)
        {
            switch (policy)
            {
                case HostKeyPolicy.Strict: return StrictHostKeyChecking.Yes;
                case HostKeyPolicy.GiveUpSecurityAndAcceptAny: return StrictHostKeyChecking.No;
                default: return StrictHostKeyChecking.AcceptNew;
            }
        }

        /// <summary>yes and ask (this module cannot ask: the resolver adds a note) are Strict; no gives up checking.</summary>
        private static HostKeyPolicy Policy(StrictHostKeyChecking strict)
        {
            switch (strict)
            {
                case StrictHostKeyChecking.AcceptNew: return HostKeyPolicy.AcceptNew;
                case StrictHostKeyChecking.No: return HostKeyPolicy.GiveUpSecurityAndAcceptAny;
                default: return HostKeyPolicy.Strict;
            }
        }

        /// <summary>Where an agent is looked for when none is named (AgentLocator's order).</summary>
        private static string UsualAgents => RuntimeInformation.IsOSPlatform(OSPlatform.Windows)
            ? "SSH_AUTH_SOCK, else the OpenSSH agent service, else Pageant"
            : "SSH_AUTH_SOCK";

        /// <summary>UserKnownHostsFile none: no file, as ssh reads it (an empty one, and nothing recorded survives).</summary>
        private static string NullDevice => RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "NUL" : "/dev/null";

        private static bool IsNone(string value) => string.Equals(value, "none", StringComparison.OrdinalIgnoreCase);

        private static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
