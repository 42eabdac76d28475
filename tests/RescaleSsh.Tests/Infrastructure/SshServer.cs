using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace RescaleSsh.Tests.Infrastructure
{
    /// <summary>
    /// A real OpenSSH sshd on 127.0.0.1 for one test class: random free ports (one per "device"),
    /// a fresh host key, and a throwaway account whose home is a temp folder. One sshd listens on at
    /// most 16 sockets, so a fleet is served by several sshd processes sharing the host key and account.
    /// Nothing here reads or writes any real account's ~/.ssh; everything is removed on Dispose.
    /// Needs root (to create the account) and Debian's openssh-server.
    /// </summary>
    public sealed class SshServer : IDisposable
    {
        private const int PortsPerProcess = 15;
        public const string SshdPath = "/usr/sbin/sshd";

        private readonly TempFolder _root = new TempFolder("rescalessh-sshd-");
        private readonly List<Process> _processes = new List<Process>();
        private readonly string _hostKeyType;
        private int _generation;

        public string UserName { get; }
        public string Password { get; }
        public string Home { get; }
        /// <summary>A folder for the client side of tests: keys, known_hosts files.</summary>
        public string ClientFolder { get; }
        public IReadOnlyList<int> Ports { get; }
        public int Port => Ports[0];
        public string HostKeyPath { get; private set; }
        public string HostKeyPublicLine => File.ReadAllText(HostKeyPath + ".pub").Trim();
        public string HostKeyFingerprint { get; private set; }
        public string AuthorizedKeysPath => Path.Combine(Home, ".ssh", "authorized_keys");
        public string Device => $"{UserName}@127.0.0.1:{Port}";

        public static SshServer Start(int deviceCount = 1, string hostKeyType = "ed25519") => new SshServer(deviceCount, hostKeyType);

        private SshServer(int deviceCount, string hostKeyType)
        {
            if (!File.Exists(SshdPath))
                throw new InvalidOperationException("OpenSSH sshd is missing: install openssh-server (tests/run-tests.sh does this).");
            if (Environment.UserName != "root")
                throw new InvalidOperationException("The sshd fixture creates a throwaway account and must run as root.");
            _hostKeyType = hostKeyType;
            UserName = "rsh" + Guid.NewGuid().ToString("N").Substring(0, 9);
            Password = "Pw-" + Guid.NewGuid().ToString("N");
            Home = _root.Combine("home");
            ClientFolder = _root.Combine("client");
            Directory.CreateDirectory(Home);
            Directory.CreateDirectory(ClientFolder);
            Directory.CreateDirectory("/run/sshd");

            ExternalTool.Run("useradd", "-M", "-d", Home, "-s", "/bin/sh", UserName).EnsureSuccess("useradd");
            ExternalTool.Run("chpasswd", new[] { "-c", "SHA512" }, $"{UserName}:{Password}\n").EnsureSuccess("chpasswd");
            ExternalTool.Run("chown", UserName + ":", Home).EnsureSuccess("chown");
            ExternalTool.Run("chmod", "755", Home).EnsureSuccess("chmod");

            Ports = FreePorts(deviceCount);
            NewHostKey();
            StartDaemons();
        }

        /// <summary>Distinct free loopback ports: every listener stays open until all are chosen, so none repeats.</summary>
        public static IReadOnlyList<int> FreePorts(int count)
        {
            var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
            try
            {
                listeners.ForEach(l => l.Start());
                return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToList();
            }
            finally
            {
                listeners.ForEach(l => l.Stop());
            }
        }

        /// <summary>A loopback port where nothing listens: an unreachable device.</summary>
        public static int FreePort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        /// <summary>Gives the server a new host key (as a reinstalled device has) and restarts it on the same ports.</summary>
        public void RotateHostKey()
        {
            StopDaemons();
            NewHostKey();
            StartDaemons();
        }

        /// <summary>Cuts every open connection from the server side, as a device reboot does.</summary>
        public void DropConnections()
        {
            ExternalTool.Run("pkill", "-KILL", "-u", UserName);
            // Pre-auth and privileged monitor processes are root's: kill the per-connection children of our daemons.
            foreach (var p in _processes)
            {
                ExternalTool.Run("pkill", "-KILL", "-P", p.Id.ToString());
            }
        }

        /// <summary>Adds a public key line to the account's authorized_keys, with the modes sshd demands.</summary>
        public void AuthorizeKey(string publicKeyLine)
        {
            string dir = Path.Combine(Home, ".ssh");
            Directory.CreateDirectory(dir);
            File.AppendAllText(AuthorizedKeysPath, publicKeyLine.Trim() + "\n");
            GiveToUser(dir);
            GiveToUser(AuthorizedKeysPath);
            File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.SetUnixFileMode(AuthorizedKeysPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        /// <summary>Makes a file or folder in the home belong to the test account.</summary>
        public void GiveToUser(string path) => ExternalTool.Run("chown", "-R", UserName + ":", path).EnsureSuccess("chown");

        /// <summary>Runs OpenSSH's ssh client against device <paramref name="portIndex"/>, never touching any real ~/.ssh.</summary>
        public ToolResult Ssh(string identityFile, string knownHostsFile, string command, string strictHostKeyChecking = "yes", int portIndex = 0)
        {
            var args = new List<string>
            {
                "-F", "/dev/null", "-p", Ports[portIndex].ToString(),
                "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "ConnectTimeout=10",
                "-o", "StrictHostKeyChecking=" + strictHostKeyChecking,
                "-o", "UserKnownHostsFile=" + knownHostsFile, "-o", "GlobalKnownHostsFile=/dev/null",
                "-o", "PasswordAuthentication=no", "-o", "KbdInteractiveAuthentication=no",
            };
            if (identityFile != null) { args.Add("-i"); args.Add(identityFile); }
            args.Add(UserName + "@127.0.0.1");
            args.Add(command);
            return ExternalTool.Run("ssh", args.ToArray(), null, 60);
        }

        public string ReadLog() =>
            string.Join("\n", Directory.GetFiles(_root.Path, "sshd-*.log").Select(f => { try { return File.ReadAllText(f); } catch (IOException) { return ""; } }));

        private void NewHostKey()
        {
            _generation++;
            HostKeyPath = _root.Combine($"ssh_host_{_hostKeyType}_key_{_generation}");
            var args = new List<string> { "-q", "-t", _hostKeyType, "-N", "", "-C", "", "-f", HostKeyPath };
            ExternalTool.Run("ssh-keygen", args.ToArray()).EnsureSuccess("ssh-keygen host key");
            HostKeyFingerprint = ExternalTool.Run("ssh-keygen", "-l", "-f", HostKeyPath + ".pub").EnsureSuccess("ssh-keygen -l").StdOut.Split(' ')[1];
        }

        private void StartDaemons()
        {
            int index = 0;
            foreach (var group in Ports.Chunk(PortsPerProcess))
            {
                string config = _root.Combine($"sshd_config_{index}");
                File.WriteAllLines(config, group.Select(p => "Port " + p).Concat(new[]
                {
                    "ListenAddress 127.0.0.1",
                    "HostKey " + HostKeyPath,
                    "PidFile " + _root.Combine($"sshd_{index}.pid"),
                    "AllowUsers " + UserName,
                    "PermitRootLogin no",
                    "UsePAM no",
                    "PubkeyAuthentication yes",
                    "PasswordAuthentication yes",
                    "KbdInteractiveAuthentication no",
                    "StrictModes yes",
                    "AuthorizedKeysFile .ssh/authorized_keys",
                    "Subsystem sftp internal-sftp",
                    "MaxStartups 200:30:400",
                    "MaxSessions 64",
                    "MaxAuthTries 10",
                    "LoginGraceTime 60",
                    "LogLevel VERBOSE",
                }));
                var info = new ProcessStartInfo(SshdPath) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
                foreach (var a in new[] { "-D", "-f", config, "-E", _root.Combine($"sshd-{index}-{_generation}.log") }) info.ArgumentList.Add(a);
                var process = Process.Start(info)!;
                process.OutputDataReceived += (_, _) => { };
                process.ErrorDataReceived += (_, _) => { };
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                _processes.Add(process);
                index++;
            }
            foreach (int port in Ports) WaitUntilListening(port);
        }

        private void WaitUntilListening(int port)
        {
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (DateTime.UtcNow < deadline)
            {
                try
                {
                    using var client = new TcpClient();
                    client.Connect(IPAddress.Loopback, port);
                    return;
                }
                catch (SocketException)
                {
                    if (_processes.Any(p => p.HasExited)) break;
                    Thread.Sleep(25);
                }
            }
            throw new InvalidOperationException($"sshd did not listen on {port}:\n{ReadLog()}");
        }

        private void StopDaemons()
        {
            foreach (var p in _processes)
            {
                try
                {
                    if (!p.HasExited) { p.Kill(entireProcessTree: true); p.WaitForExit(10_000); }
                }
                catch (InvalidOperationException) { }
                p.Dispose();
            }
            _processes.Clear();
        }

        public void Dispose()
        {
            StopDaemons();
            ExternalTool.Run("pkill", "-KILL", "-u", UserName);
            ExternalTool.Run("userdel", "-f", UserName);
            _root.Dispose();
        }
    }
}
