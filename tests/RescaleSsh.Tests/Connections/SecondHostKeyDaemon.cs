using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using RescaleSsh.Tests.Infrastructure;

namespace RescaleSsh.Tests.Connections
{
    /// <summary>
    /// A second real sshd for the account of an <see cref="SshServer"/>, with a host key of its own, on another port: the
    /// same user, home and authorized_keys answering with another key, as an interceptor that has the user's trust would.
    /// Put behind one host:port with the first by <see cref="AlternatingProxy"/>.
    /// </summary>
    public sealed class SecondHostKeyDaemon : IDisposable
    {
        private readonly TempFolder _folder = new TempFolder("rescalessh-sshd2-");
        private readonly Process _process;

        public SecondHostKeyDaemon(SshServer server, string extraConfig = null)
        {
            Port = SshServer.FreePort();
            string hostKey = _folder.Combine("ssh_host_ed25519_key");
            ExternalTool.Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "", "-f", hostKey).EnsureSuccess("ssh-keygen host key");
            HostKeyFingerprint = ExternalTool.Run("ssh-keygen", "-l", "-f", hostKey + ".pub").EnsureSuccess("ssh-keygen -l").StdOut.Split(' ')[1];
            LogPath = _folder.Combine("sshd.log");
            string config = _folder.Combine("sshd_config");
            File.WriteAllText(config, string.Join("\n",
                "Port " + Port, "ListenAddress 127.0.0.1", "HostKey " + hostKey, "PidFile " + _folder.Combine("sshd.pid"),
                "AllowUsers " + server.UserName, "PermitRootLogin no", "UsePAM no", "PubkeyAuthentication yes",
                "PasswordAuthentication yes", "KbdInteractiveAuthentication no", "StrictModes yes",
                "AuthorizedKeysFile .ssh/authorized_keys", "Subsystem sftp internal-sftp", "LogLevel VERBOSE", extraConfig ?? "") + "\n");
            var info = new ProcessStartInfo(SshServer.SshdPath) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in new[] { "-D", "-f", config, "-E", LogPath }) info.ArgumentList.Add(a);
            _process = Process.Start(info)!;
            _process.OutputDataReceived += (_, _) => { };
            _process.ErrorDataReceived += (_, _) => { };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            WaitUntilListening();
        }

        public int Port { get; }
        public string HostKeyFingerprint { get; }
        public string LogPath { get; }

        public string ReadLog() => File.Exists(LogPath) ? File.ReadAllText(LogPath) : "";

        private void WaitUntilListening()
        {
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                try
                {
                    using var client = new TcpClient();
                    client.Connect(IPAddress.Loopback, Port);
                    return;
                }
                catch (SocketException)
                {
                    Thread.Sleep(25);
                }
            }
            throw new InvalidOperationException($"the second sshd did not listen on {Port}:\n{ReadLog()}");
        }

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited) { _process.Kill(entireProcessTree: true); _process.WaitForExit(10_000); }
            }
            catch (InvalidOperationException) { }
            _process.Dispose();
            _folder.Dispose();
        }
    }
}
