using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using RescaleSsh.Tests.Infrastructure;

namespace RescaleSsh.Tests.Agents
{
    /// <summary>
    /// A second sshd for the fixture's account, host key and home, on its own port, accepting only the publickey
    /// algorithms named (PubkeyAcceptedAlgorithms): a server that offers only SHA-1 ssh-rsa, or only rsa-sha2-256.
    /// LogLevel DEBUG so that the algorithm a login used can be read from its log. Dispose ends the process it started.
    /// </summary>
    public sealed class RestrictedSshd : IDisposable
    {
        private readonly Process _process;
        private readonly TempFolder _folder = new TempFolder("rescalessh-rsshd-");

        public int Port { get; }
        public string LogPath { get; }

        public RestrictedSshd(SshServer server, string acceptedAlgorithms)
        {
            Port = SshServer.FreePort();
            LogPath = _folder.Combine("sshd.log");
            string config = _folder.Combine("sshd_config");
            File.WriteAllLines(config, new[]
            {
                "Port " + Port, "ListenAddress 127.0.0.1", "HostKey " + server.HostKeyPath, "PidFile " + _folder.Combine("sshd.pid"),
                "AllowUsers " + server.UserName, "UsePAM no", "PubkeyAuthentication yes", "PasswordAuthentication no",
                "KbdInteractiveAuthentication no", "StrictModes yes", "AuthorizedKeysFile .ssh/authorized_keys",
                "PubkeyAcceptedAlgorithms " + acceptedAlgorithms, "MaxAuthTries 10", "LogLevel DEBUG",
            });
            var info = new ProcessStartInfo(SshServer.SshdPath) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in new[] { "-D", "-f", config, "-E", LogPath }) info.ArgumentList.Add(a);
            _process = Process.Start(info) ?? throw new InvalidOperationException("could not start sshd");
            _process.OutputDataReceived += (_, _) => { };
            _process.ErrorDataReceived += (_, _) => { };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (DateTime.UtcNow < deadline)
            {
                try
                {
                    using var client = new TcpClient();
                    client.Connect(IPAddress.Loopback, Port);
                    return;
                }
                catch (SocketException)
                {
                    if (_process.HasExited) break;
                    System.Threading.Thread.Sleep(25);
                }
            }
            throw new InvalidOperationException("the restricted sshd did not listen: " + (File.Exists(LogPath) ? File.ReadAllText(LogPath) : ""));
        }

        public string ReadLog()
        {
            try { return File.ReadAllText(LogPath); } catch (IOException) { return ""; }
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
