using System;
using System.Collections.Generic;
using System.Linq;
using RescaleSsh.SshConfig;

namespace RescaleSsh.Engine.Tests.SshConfig
{
    public enum Agreement
    {
        /// <summary>Both resolved, to the same values.</summary>
        Same,
        /// <summary>Both refused the config.</summary>
        BothRefused,
        /// <summary>ssh resolved a route the module refuses (ProxyJump, ProxyCommand …): the module's SshConfigUnsupported.</summary>
        ModuleRefusedRouting,
        /// <summary>ssh resolved, the module gave a clear config error (allowed for mutated input, counted).</summary>
        ModuleStricter,
        /// <summary>A real difference: a test failure.</summary>
        Different,
    }

    /// <summary>Resolves one host with both ssh -G and the module and compares every value the module uses.</summary>
    public static class OracleComparison
    {
        private static readonly string[] ModuleIds = { "SshConfigInvalid", "SshConfigUnsupported", "SshConfigUnreadable" };

        public static (Agreement Agreement, string Detail) Compare(OpenSshOracle oracle, string configPath, string host, SshConfigOverrides overrides = null, params string[] sshArgs)
        {
            var (options, sshError) = oracle.Resolve(configPath, host, sshArgs);
            SshConfigHost mine = null;
            RescaleSshException error = null;
            try
            {
                mine = new SshConfigResolver(oracle.Environment).Resolve(host, overrides, configPath);
            }
            catch (RescaleSshException e)
            {
                error = e;
            }

            if (error != null && (!ModuleIds.Contains(error.ErrorId) || string.IsNullOrWhiteSpace(error.Message)))
                return (Agreement.Different, "unexpected error " + error.ErrorId + ": " + error.Message);
            if (options == null)
                return error != null ? (Agreement.BothRefused, sshError + " | " + error.Message) : (Agreement.Different, "ssh refused the config but the module resolved it: " + sshError);

            bool sshRoutes = Has(options, "proxyjump") || Has(options, "proxycommand") || options.GetValueOrDefault("canonicalizehostname")?[0] is "true" or "always"
                || Has(options, "bindaddress") || Has(options, "bindinterface");
            if (error != null)
            {
                if (error.ErrorId == "SshConfigUnsupported" && sshRoutes) return (Agreement.ModuleRefusedRouting, error.Message);
                return (Agreement.ModuleStricter, error.ErrorId + ": " + error.Message);
            }
            if (sshRoutes) return (Agreement.Different, "ssh routes the connection (" + string.Join(", ", new[] { "proxyjump", "proxycommand", "bindaddress", "bindinterface" }.Where(k => Has(options, k))) + ") but the module resolved a direct one");

            var differences = new List<string>();
            void Check(string key, string expected, string actual)
            {
                if (expected != actual) differences.Add($"{key}: ssh '{expected}', module '{actual}'");
            }
            Check("hostname", One(options, "hostname"), mine.HostName.Value);
            Check("user", One(options, "user"), mine.User.Value);
            Check("port", One(options, "port"), mine.Port.Value.ToString());
            Check("identityfile", string.Join(" | ", options.GetValueOrDefault("identityfile") ?? new List<string>()), string.Join(" | ", mine.IdentityFiles.Select(f => f.Written)));
            Check("identitiesonly", One(options, "identitiesonly"), mine.IdentitiesOnly.Value ? "yes" : "no");
            Check("identityagent", One(options, "identityagent"), mine.IdentityAgent.Written == null ? null
                : mine.IdentityAgent.Written.StartsWith("$") && !mine.IdentityAgent.Written.StartsWith("${") ? mine.IdentityAgent.Written : mine.IdentityAgent.Value);
            Check("userknownhostsfile", One(options, "userknownhostsfile"), string.Join(" ", mine.UserKnownHostsFiles.Select(f => f.Value)));
            Check("stricthostkeychecking", One(options, "stricthostkeychecking"), mine.StrictHostKeyChecking.Value switch
            {
                StrictHostKeyChecking.Yes => "true",
                StrictHostKeyChecking.No => "false",
                StrictHostKeyChecking.AcceptNew => "accept-new",
                _ => "ask",
            });
            Check("connecttimeout", One(options, "connecttimeout"), mine.ConnectTimeoutSeconds.Value?.ToString() ?? "none");
            Check("hostkeyalias", One(options, "hostkeyalias"), mine.HostKeyAlias.Value);
            Check("serveraliveinterval", One(options, "serveraliveinterval"), mine.ServerAliveIntervalSeconds.Value.ToString());
            return differences.Count == 0 ? (Agreement.Same, null) : (Agreement.Different, string.Join("; ", differences));
        }

        private static bool Has(Dictionary<string, List<string>> options, string key) => options.ContainsKey(key);

        private static string One(Dictionary<string, List<string>> options, string key) => options.TryGetValue(key, out var v) ? v[0] : null;
    }
}
