using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Renci.SshNet;
using RescaleSsh.Tests.Infrastructure;

namespace RescaleSsh.Bench.Experiments
{
    /// <summary>
    /// EXPERIMENT ONLY: the bench's loopback sshd with a throwaway account and key, delay proxies in front of it, and
    /// SSH.NET clients configured as the module configures them (ML-KEM/curve25519 first, AES-GCM first, 64 KiB
    /// SFTP buffers). Host keys are not checked: this is a loopback lab.
    /// </summary>
    public sealed class ExperimentLab : IDisposable
    {
        private readonly string _home;
        private readonly List<IDisposable> _owned = new List<IDisposable>();

        public ExperimentLab()
        {
            // SSH.NET's connect and channel calls block pool threads in places: without spare threads, N parallel
            // connects are serialised by the pool's slow thread injection (measured: 4 connects at 40 ms took 4.5 s).
            ThreadPool.SetMinThreads(64, 64);
            _home = Path.Combine(Path.GetTempPath(), "rescalessh-lab-home-" + Environment.ProcessId);
            Directory.CreateDirectory(_home);
            Environment.SetEnvironmentVariable("HOME", _home);
            Server = SshServer.Start();
            Local = new TempFolder("rescalessh-lab-");
            KeyPath = Path.Combine(Server.ClientFolder, "id");
            ExternalTool.Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", KeyPath).EnsureSuccess("ssh-keygen");
            Server.AuthorizeKey(File.ReadAllText(KeyPath + ".pub"));
            RemoteRoot = Path.Combine(Server.Home, "lab");
            Directory.CreateDirectory(RemoteRoot);
            Server.GiveToUser(RemoteRoot);
        }

        public SshServer Server { get; }
        public TempFolder Local { get; }
        public string KeyPath { get; }
        /// <summary>The server-side folder "lab" in the login home (relative SFTP path "lab/...").</summary>
        public string RemoteRoot { get; }

        /// <summary>A delay proxy in front of <paramref name="port"/> (the lab's sshd by default), disposed with the lab.</summary>
        public DelayProxy Proxy(int roundTripMs, int? port = null)
        {
            var proxy = DelayProxy.ForRoundTrip(port ?? Server.Port, roundTripMs);
            _owned.Add(proxy);
            return proxy;
        }

        /// <summary>The port to connect to for a round trip: a new delay proxy's, or the sshd's own for a negative one (no proxy).</summary>
        public int PortFor(int roundTripMs) => roundTripMs < 0 ? Server.Port : Proxy(roundTripMs).Port;

        public ConnectionInfo ConnectionInfo(int port)
        {
            var info = new ConnectionInfo("127.0.0.1", port, Server.UserName, new PrivateKeyAuthenticationMethod(Server.UserName, new PrivateKeyFile(KeyPath)))
            {
                Timeout = TimeSpan.FromSeconds(30),
            };
            int position = 0;
            foreach (var kex in new[] { "mlkem768x25519-sha256", "curve25519-sha256", "curve25519-sha256@libssh.org" })
            {
                if (info.KeyExchangeAlgorithms.ContainsKey(kex)) info.KeyExchangeAlgorithms.SetPosition(kex, position++);
            }
            position = 0;
            foreach (var cipher in new[] { "aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "aes128-ctr" })
            {
                if (info.Encryptions.ContainsKey(cipher)) info.Encryptions.SetPosition(cipher, position++);
            }
            return info;
        }

        public async Task<SftpClient> ConnectAsync(int port, int maxSessions = 10)
        {
            var info = ConnectionInfo(port);
            info.MaxSessions = maxSessions;
            var client = new SftpClient(info) { BufferSize = 64 * 1024 };
            try
            {
                await client.ConnectAsync(default).ConfigureAwait(false);
                return client;
            }
            catch
            {
                client.Dispose();
                throw;
            }
        }

        /// <summary>Writes a file of pseudo-random bytes (no two 4 MiB blocks alike).</summary>
        public string NewLocalFile(string name, long length)
        {
            string path = Local.Combine(name);
            WanBenchmark.WriteFile(path, length);
            return path;
        }

        /// <summary>Removes what the previous run left and flushes dirty pages, as the benchmarks do.</summary>
        public static void Clean(params string[] paths)
        {
            foreach (var path in paths)
            {
                if (Directory.Exists(path)) Directory.Delete(path, true);
                else if (File.Exists(path)) File.Delete(path);
            }
            ExternalTool.Run("sync").EnsureSuccess("sync");
        }

        public static int[] Ints(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();

        public void Dispose()
        {
            foreach (var owned in _owned) owned.Dispose();
            Local.Dispose();
            Server.Dispose();
            try { Directory.Delete(_home, true); } catch (IOException) { }
        }
    }
}
