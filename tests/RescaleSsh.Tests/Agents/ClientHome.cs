using System;
using System.Collections.Generic;
using System.IO;
using RescaleSsh.Agents;
using RescaleSsh.SshConfig;
using RescaleSsh.Tests.Infrastructure;

namespace RescaleSsh.Tests.Agents
{
    /// <summary>
    /// The user's side of a test: a home folder with .ssh (keys, config, known_hosts) that a PowerShell session's
    /// cmdlets take as ~, and the agent socket SSH_AUTH_SOCK names for them, both through that session's EngineHooks,
    /// so tests running side by side never see each other's home or agent (nor the process's own).
    /// </summary>
    public sealed class ClientHome : IDisposable
    {
        private readonly TempFolder _folder = new TempFolder("rsh-home-");

        public ClientHome() => Directory.CreateDirectory(SshFolder);

        public string Home => _folder.Path;
        public string SshFolder => Path.Combine(Home, ".ssh");
        public string KnownHosts => Path.Combine(SshFolder, "known_hosts");
        public TempFolder Folder => _folder;

        /// <summary>Writes ~/.ssh/config (or another file in ~/.ssh) and returns its path.</summary>
        public string WriteConfig(string text, string name = "config")
        {
            string path = Path.Combine(SshFolder, name);
            File.WriteAllText(path, text.Replace("\r\n", "\n"));
            return path;
        }

        /// <summary>A Host block for the test sshd's device: its address, port and account.</summary>
        public static string HostBlock(string alias, SshServer server, int portIndex = 0, params string[] more)
        {
            var lines = new List<string> { "Host " + alias, "  HostName 127.0.0.1", "  Port " + server.Ports[portIndex], "  User " + server.UserName };
            foreach (string line in more) lines.Add("  " + line);
            return string.Join("\n", lines) + "\n";
        }

        /// <summary>An OpenSSH key made by ssh-keygen in ~/.ssh (or at a full path); returns the private key's path.</summary>
        public string NewKey(string name, string type = "ed25519", string passphrase = "", string comment = null)
        {
            string path = Path.IsPathRooted(name) ? name : Path.Combine(SshFolder, name);
            var args = new List<string> { "-q", "-t", type, "-a", "4", "-N", passphrase, "-C", comment ?? name, "-f", path };
            if (type == "rsa") { args.Add("-b"); args.Add("2048"); }
            ExternalTool.Run("ssh-keygen", args.ToArray()).EnsureSuccess("ssh-keygen");
            return path;
        }

        public static string PublicLine(string keyPath) => File.ReadAllText(keyPath + ".pub").Trim();

        /// <summary>A PowerShell session whose cmdlets see this home as ~ and <paramref name="agentSocket"/> as SSH_AUTH_SOCK (none when null).</summary>
        public PowerShellSession Session(string agentSocket = null)
        {
            var ps = new PowerShellSession();
            Func<string, string> environment = name => name == AgentLocator.AuthSockVariable ? agentSocket : null;
            ps.Hooks.SshConfigEnvironment = new SshConfigEnvironment(Home, "tester", "0", "client.test", environment);
            ps.Hooks.AgentLocator = new AgentLocator(environment, false, null, null);
            return ps;
        }

        public void Dispose() => _folder.Dispose();
    }
}
