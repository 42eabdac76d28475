using System;
using System.Diagnostics;
using System.IO;
using RescaleSsh.Tests.Infrastructure;

namespace RescaleSsh.Tests.Transfers
{
    /// <summary>
    /// A second sshd for a fixture's account and host key with one extra sshd_config line (e.g. "MaxStartups 1:100:1"):
    /// a device that refuses connections beyond its limits. Stopped (and its folder removed) on Dispose.
    /// </summary>
    public sealed class LimitedSshd : IDisposable
    {
        private readonly Process _process;
        private readonly TempFolder _folder = new TempFolder("rescalessh-limited-sshd-");

        public LimitedSshd(SshServer server, string limitLine)
        {
            Port = SshServer.FreePort();
            string config = _folder.Combine("sshd_config");
            File.WriteAllLines(config, new[]
            {
                "Port " + Port, "ListenAddress 127.0.0.1", "HostKey " + server.HostKeyPath, "PidFile " + _folder.Combine("sshd.pid"),
                "AllowUsers " + server.UserName, "UsePAM no", "PubkeyAuthentication yes", "PasswordAuthentication no",
                "AuthorizedKeysFile .ssh/authorized_keys", "Subsystem sftp internal-sftp", "StrictModes no", limitLine,
            });
            var info = new ProcessStartInfo(SshServer.SshdPath) { UseShellExecute = false };
            foreach (var argument in new[] { "-D", "-f", config, "-E", _folder.Combine("sshd.log") }) info.ArgumentList.Add(argument);
            _process = Process.Start(info);
            bool listening = TransferServer.PollUntil(() =>
            {
                try
                {
                    using var probe = new System.Net.Sockets.TcpClient();
                    probe.Connect("127.0.0.1", Port);
                    return true;
                }
                catch (System.Net.Sockets.SocketException)
                {
                    return false;
                }
            }, TimeSpan.FromSeconds(10));
            if (!listening) throw new InvalidOperationException("the limited sshd did not listen: " + File.ReadAllText(_folder.Combine("sshd.log")));
        }

        public int Port { get; }

        public void Dispose()
        {
            try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            _process.WaitForExit(10_000);
            _process.Dispose();
            _folder.Dispose();
        }
    }
}
