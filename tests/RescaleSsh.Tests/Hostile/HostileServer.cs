using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using RescaleSsh.Tests.Infrastructure;

namespace RescaleSsh.Tests.Hostile
{
    /// <summary>
    /// A small SSH/SFTP server (hostile_sftp_server.py, on asyncssh) for the answers a real sshd never gives: read
    /// answers longer than asked, files that never end, listings with '/' or control characters in names. It serves
    /// <see cref="Root"/> on 127.0.0.1 (random port), lets any user in with any key, and is stopped on Dispose (or when
    /// this process dies: it exits when its standard input closes). Every wait is bounded.
    /// Needs Debian's python3-asyncssh, run with /usr/bin/python3 (tests/run-tests.sh installs it).
    /// </summary>
    public sealed class HostileServer : IDisposable
    {
        public const string Python = "/usr/bin/python3";
        public const string InstallCommand = "apt-get install -y --no-install-recommends python3-asyncssh";
        private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(30);

        private readonly TempFolder _folder = new TempFolder("rescalessh-hostile-");
        private readonly Process _process;

        /// <param name="behaviour">The server's switches, e.g. "--overlong-reads", "1000" or "--fake-name", "a/b" (see the script).</param>
        public HostileServer(params string[] behaviour)
        {
            if (!File.Exists(Python) || ExternalTool.Run(Python, "-c", "import asyncssh").ExitCode != 0)
            {
                throw new InvalidOperationException($"The hostile SFTP server needs Debian's asyncssh for {Python}: {InstallCommand} (tests/run-tests.sh does this).");
            }
            Root = _folder.Combine("root");
            Directory.CreateDirectory(Root);
            HostKeyPath = _folder.Combine("host_key");
            ClientKeyPath = _folder.Combine("client_key");
            ExternalTool.Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "", "-f", HostKeyPath).EnsureSuccess("ssh-keygen host key");
            ExternalTool.Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", ClientKeyPath).EnsureSuccess("ssh-keygen client key");

            var info = new ProcessStartInfo(Python)
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var a in new[] { "-W", "ignore", ScriptPath, "--root", Root, "--host-key", HostKeyPath }) info.ArgumentList.Add(a);
            foreach (var a in behaviour) info.ArgumentList.Add(a);
            _process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + Python);
            var errors = _process.StandardError.ReadToEndAsync();
            var line = _process.StandardOutput.ReadLineAsync();
            if (!line.Wait(StartLimit) || line.Result == null || !line.Result.StartsWith("LISTENING ", StringComparison.Ordinal))
            {
                Dispose();
                throw new InvalidOperationException("The hostile SFTP server did not start: " + (errors.Wait(TimeSpan.FromSeconds(5)) ? errors.Result : ""));
            }
            Port = int.Parse(line.Result.Substring("LISTENING ".Length));
            KnownHostsPath = _folder.Combine("known_hosts");
            File.WriteAllText(KnownHostsPath, $"[127.0.0.1]:{Port} {File.ReadAllText(HostKeyPath + ".pub").Trim()}\n");
        }

        public static string ScriptPath => Path.Combine(ModuleUnderTest.RepoRoot, "tests", "RescaleSsh.Tests", "Hostile", "hostile_sftp_server.py");

        /// <summary>The folder the server shows as its file system (its "/" and login folder).</summary>
        public string Root { get; }
        public int Port { get; }
        public string HostKeyPath { get; }
        public string ClientKeyPath { get; }
        public string KnownHostsPath { get; }

        /// <summary>Connection parameters for the cmdlets: the client key, the server's recorded host key, Strict.</summary>
        public string Connection => $"-Port {Port} -KeyFilePath '{ClientKeyPath}' -KnownHostsPath '{KnownHostsPath}' -HostKeyPolicy Strict";

        /// <summary>user@127.0.0.1:path on this server.</summary>
        public static string Remote(string path) => "hostile@127.0.0.1:" + path;

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.StandardInput.Close();
                    if (!_process.WaitForExit(5000)) _process.Kill(entireProcessTree: true);
                    _process.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException)
            {
                // Never started or already gone.
            }
            _process.Dispose();
            _folder.Dispose();
        }
    }
}
