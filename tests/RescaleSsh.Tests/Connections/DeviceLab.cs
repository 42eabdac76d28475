using System.Collections.Generic;
using System.IO;
using RescaleSsh.Tests.Infrastructure;

namespace RescaleSsh.Tests.Connections
{
    /// <summary>A test sshd plus client keys made by ssh-keygen, an authorized key, and a private known_hosts path.</summary>
    public sealed class DeviceLab : System.IDisposable
    {
        public SshServer Server { get; }
        public string KeyPath { get; }
        public string KnownHostsPath { get; }

        public DeviceLab(int devices = 1)
        {
            Server = SshServer.Start(devices);
            KeyPath = Path.Combine(Server.ClientFolder, "id_ed25519");
            ExternalTool.Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "lab", "-f", KeyPath).EnsureSuccess("ssh-keygen");
            Server.AuthorizeKey(File.ReadAllText(KeyPath + ".pub"));
            KnownHostsPath = Path.Combine(Server.ClientFolder, "known_hosts");
        }

        /// <summary>PowerShell variables for the common case: $device, $key, $kh, $user, $port.</summary>
        public IDictionary<string, object> Variables(string knownHosts = null) => new Dictionary<string, object>
        {
            ["device"] = Server.Device,
            ["key"] = KeyPath,
            ["kh"] = knownHosts ?? KnownHostsPath,
            ["user"] = Server.UserName,
            ["port"] = Server.Port,
        };

        public void TrustHostKey() =>
            File.WriteAllText(KnownHostsPath, $"[127.0.0.1]:{Server.Port} {Server.HostKeyPublicLine}\n");

        public void Dispose() => Server.Dispose();
    }
}
