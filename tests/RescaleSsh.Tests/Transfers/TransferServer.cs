using System;
using System.IO;
using Xunit;
using System.Threading;
using System.Management.Automation.Runspaces;
using System.Management.Automation;
using System.Linq;
using System.Diagnostics;
using System.Security.Cryptography;
using RescaleSsh.Tests.Infrastructure;

namespace RescaleSsh.Tests.Transfers
{
    /// <summary>
    /// One sshd, a client key it accepts, a known_hosts file and a PowerShell runspace, shared by the tests of a
    /// class (IClassFixture). Remote files are checked through the server's home folder, which is local.
    /// </summary>
    public sealed class TransferServer : IDisposable
    {
        public TransferServer()
        {
            Server = SshServer.Start();
            KeyPath = Path.Combine(Server.ClientFolder, "id");
            ExternalTool.Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", KeyPath).EnsureSuccess("ssh-keygen");
            Server.AuthorizeKey(File.ReadAllText(KeyPath + ".pub"));
            KnownHostsPath = Path.Combine(Server.ClientFolder, "known_hosts");
            File.WriteAllText(KnownHostsPath, $"[127.0.0.1]:{Server.Port} {Server.HostKeyPublicLine}\n");
            PowerShell = new PowerShellSession();
        }

        public SshServer Server { get; }
        public string KeyPath { get; }
        public string KnownHostsPath { get; }
        public PowerShellSession PowerShell { get; }

        /// <summary>The shared connection parameters, for the sessionless user@host:path form.</summary>
        public string Connection(int? port = null) =>
            $"-Port {port ?? Server.Port} -KeyFilePath '{KeyPath}' -KnownHostsPath '{KnownHostsPath}' -HostKeyPolicy AcceptNew";

        /// <summary>user@127.0.0.1:path, the scp-style remote side.</summary>
        public string Remote(string path) => $"{Server.UserName}@127.0.0.1:{path}";

        /// <summary>A fresh folder in the account's home, owned by the account; returns its name (relative to the home).</summary>
        public string NewRemoteFolder(string prefix = "r")
        {
            string name = prefix + Guid.NewGuid().ToString("N").Substring(0, 8);
            Directory.CreateDirectory(HomePath(name));
            Server.GiveToUser(HomePath(name));
            return name;
        }

        public string HomePath(string relative) => Path.Combine(Server.Home, relative);

        /// <summary>
        /// Waits (bounded) until the account has no process left on the server: after a cut connection sshd's
        /// sftp-server may still be writing requests it had already received, so a partial file is measured after.
        /// </summary>
        public void WaitUntilServerSessionsEnd()
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (ExternalTool.Run("pgrep", "-u", Server.UserName).ExitCode == 0)
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException("the server's sessions for the test account did not end within 20 s");
                System.Threading.Thread.Sleep(50);
            }
        }

        public static bool PollUntil(Func<bool> condition, TimeSpan limit)
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < limit)
            {
                if (condition()) return true;
                Thread.Sleep(20);
            }
            return condition();
        }

        /// <summary>Starts a script in its own runspace, waits (bounded) for <paramref name="stalled"/>, presses Ctrl+C and checks that it stops within 10 s.</summary>
        public void RunAndStopWhen(string script, (string Name, object Value)[] variables, Func<bool> stalled)
        {
            var state = InitialSessionState.CreateDefault2();
            using var runspace = RunspaceFactory.CreateRunspace(state);
            runspace.Open();
            using (var import = System.Management.Automation.PowerShell.Create())
            {
                import.Runspace = runspace;
                import.AddScript($"Import-Module '{ModuleUnderTest.ManifestPath}' -ErrorAction Stop").Invoke();
            }
            using var ps = System.Management.Automation.PowerShell.Create();
            ps.Runspace = runspace;
            foreach (var (name, value) in variables) runspace.SessionStateProxy.SetVariable(name, value);
            ps.AddScript(script);
            var running = ps.BeginInvoke();

            Assert.True(PollUntil(stalled, TimeSpan.FromSeconds(30)), "the transfer never reached the stall point");
            var clock = Stopwatch.StartNew();
            ps.Stop();
            Assert.True(running.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(10)), "Copy-RescaleItem did not stop within 10 s");
            clock.Stop();

            Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
        }

        public ScriptResult Run(string script, params (string Name, object Value)[] variables) => PowerShell.Run(script, variables);

        public static string Sha256(string path)
        {
            using var stream = File.OpenRead(path);
            return Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();
        }

        /// <summary>Writes <paramref name="length"/> pseudo-random bytes (seeded, so reruns are comparable) and returns the path.</summary>
        public static string WriteRandomFile(string path, long length, int seed = 1)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var random = new Random(seed);
            var buffer = new byte[1 << 20];
            using var stream = File.Create(path);
            for (long left = length; left > 0; left -= buffer.Length)
            {
                random.NextBytes(buffer);
                stream.Write(buffer, 0, (int)Math.Min(left, buffer.Length));
            }
            return path;
        }

        public static readonly DateTime OldTime = new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc);

        public void Dispose()
        {
            PowerShell.Dispose();
            Server.Dispose();
        }
    }
}
