using System.Globalization;
using Renci.SshNet;

namespace RescaleSsh.Connections
{
    /// <summary>
    /// What -Verbose says about a connection (issue 9's narration, connection part): the address and port and where
    /// they came from, the host key's status and fingerprint, the key that logged in, and the algorithms negotiated.
    /// Lines go through the command's <see cref="IOperationHost"/>, which writes them from the pipeline thread.
    /// Text from the device (its version string) is made visible with <see cref="DisplayText"/>.
    /// </summary>
    internal static class ConnectionNarration
    {
        /// <summary>Before connecting: where to, and (once per command) what the config says this module reads differently.</summary>
        public static void Connecting(IOperationHost host, Device device, ConnectionOptions options)
        {
            if (host == null) return;
            var config = options.Config;
            string origin = config?.ConfigFile != null && config.OriginalHost != device.ComputerName
                ? $" ('{config.OriginalHost}' resolved with '{config.ConfigFile}')"
                : "";
            host.WriteVerbose($"Connecting to {device.ComputerName} port {device.Port.ToString(CultureInfo.InvariantCulture)} as '{device.UserName}'{origin}, connect timeout {options.ConnectTimeoutSeconds.ToString(CultureInfo.InvariantCulture)} s.");
            if (config?.Notes == null) return;
            foreach (string note in config.Notes)
            {
                if (options.Logins == null || options.Logins.FirstTime(note)) host.WriteWarning(note);
            }
        }

        /// <summary>After the login: the host key, the key that logged in, the algorithms.</summary>
        public static void Connected(IOperationHost host, Device knownHostsDevice, HostKeyCheck check, ConnectionInfo info, LoginKey loginKey, bool password)
        {
            if (host == null) return;
            host.WriteVerbose($"Host key of {knownHostsDevice.KnownHostsName}: {check.OfferedKeyType} {check.OfferedFingerprint}, {Status(check.Status)}.");
            host.WriteVerbose("Logged in with " + LoginText(loginKey, password) + ".");
            host.WriteVerbose(Algorithms(info));
        }

        /// <summary>The measured SFTP round trip (issue 14), which sizes what transfers keep in flight.</summary>
        public static void RoundTrip(IOperationHost host, Device device, System.TimeSpan roundTrip) =>
            host?.WriteVerbose($"Round trip to {DisplayText.Visible(device.ToString())}: {roundTrip.TotalMilliseconds.ToString("0.#", CultureInfo.InvariantCulture)} ms.");

        /// <summary>"the agent key SHA256:… (comment), rsa-sha2-512" or "the key file '…' (SHA256:…), ssh-ed25519" or "the password".</summary>
        public static string LoginText(LoginKey key, bool password)
        {
            if (key == null) return password ? "the password" : "no key";
            return key.Source == LoginKeySource.Agent
                ? $"the agent key {key.Fingerprint}{(key.Comment.Length > 0 ? " (" + DisplayText.Visible(key.Comment) + ")" : "")} from '{key.Path}', {key.Algorithm}"
                : $"the key file '{key.Path}' ({key.Fingerprint}), {key.Algorithm}";
        }

        public static string Algorithms(ConnectionInfo info) =>
            $"Negotiated key exchange {info.CurrentKeyExchangeAlgorithm}, host key {info.CurrentHostKeyAlgorithm}, cipher {info.CurrentClientEncryption}, " +
            $"MAC {Mac(info.CurrentClientHmacAlgorithm)}, compression {info.CurrentClientCompressionAlgorithm ?? "none"}; the server is '{DisplayText.Visible(info.ServerVersion)}'.";

        private static string Mac(string mac) => string.IsNullOrEmpty(mac) ? "none (the cipher authenticates)" : mac;

        private static string Status(HostKeyStatus? status)
        {
            switch (status)
            {
                case HostKeyStatus.Known: return "known (in known_hosts)";
                case HostKeyStatus.New: return "new (not in known_hosts)";
                case HostKeyStatus.Changed: return "CHANGED from the one in known_hosts";
                default: return "not checked";
            }
        }
    }
}
