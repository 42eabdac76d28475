using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using RescaleSsh.Tests.Infrastructure;

namespace RescaleSsh.Bench
{
    /// <summary>
    /// Copy-RescaleItem against OpenSSH's sftp -b on one loopback sshd, in one run: a large file up and down,
    /// many small files up and down (MB/s, files/s, ratios), and the peak memory growth of this process while
    /// the module uploads and downloads a very large file.
    /// Options: --large-mib 1024  --small-count 2000  --small-kib 4  --memory-mib 2048  --rounds 2 (best of)
    /// </summary>
    public static class TransferBenchmark
    {
        public static int Run(string[] args)
        {
            var options = ParseOptions(args);
            long largeBytes = options["large-mib"] * 1024L * 1024;
            int smallCount = (int)options["small-count"];
            int smallBytes = (int)(options["small-kib"] * 1024);
            long memoryBytes = options["memory-mib"] * 1024L * 1024;
            int rounds = (int)options["rounds"];

            string home = Path.Combine(Path.GetTempPath(), "rescalessh-bench-home-" + Environment.ProcessId);
            Directory.CreateDirectory(home);
            Environment.SetEnvironmentVariable("HOME", home); // never touch a real ~/.ssh

            using var server = SshServer.Start();
            using var local = new TempFolder("rescalessh-bench-");
            string key = Path.Combine(server.ClientFolder, "id");
            ExternalTool.Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key).EnsureSuccess("ssh-keygen");
            server.AuthorizeKey(File.ReadAllText(key + ".pub"));
            string knownHosts = Path.Combine(server.ClientFolder, "known_hosts");
            File.WriteAllText(knownHosts, $"[127.0.0.1]:{server.Port} {server.HostKeyPublicLine}\n");
            string remoteRoot = Path.Combine(server.Home, "bench");
            Directory.CreateDirectory(remoteRoot);
            server.GiveToUser(remoteRoot);

            Console.WriteLine($"Copy-RescaleItem vs OpenSSH sftp -b, loopback sshd ({SshServer.SshdPath}), {Environment.ProcessorCount} CPUs, best of {rounds}");
            Console.WriteLine($"  OpenSSH: {ExternalTool.Run("ssh", "-V").StdErr.Trim()}");

            string large = Path.Combine(local.Path, "large.bin");
            WanBenchmark.WriteFile(large, largeBytes);
            string smallDir = Path.Combine(local.Path, "small");
            Directory.CreateDirectory(smallDir);
            var random = new Random(2);
            var buffer = new byte[smallBytes];
            for (int i = 0; i < smallCount; i++)
            {
                random.NextBytes(buffer);
                File.WriteAllBytes(Path.Combine(smallDir, $"f{i:D5}.bin"), buffer);
            }

            using var ps = new BenchPowerShell(FindManifest());
            string conn = $"-Port {server.Port} -KeyFilePath '{key}' -KnownHostsPath '{knownHosts}'";
            string remote(string path) => $"{server.UserName}@127.0.0.1:{path}";
            string sftpBatch = Path.Combine(local.Path, "batch");
            string sftp(string commands)
            {
                File.WriteAllText(sftpBatch, commands + "\n");
                var result = ExternalTool.Run("sftp", new[]
                {
                    "-F", "/dev/null", "-P", server.Port.ToString(CultureInfo.InvariantCulture), "-i", key, "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
                    "-o", "UserKnownHostsFile=" + knownHosts, "-o", "GlobalKnownHostsFile=/dev/null", "-b", sftpBatch, server.UserName + "@127.0.0.1",
                }, null, 3600, local.Path);
                return result.EnsureSuccess("sftp").StdOut;
            }
            // Before every timed run: remove the previous run's output and flush dirty pages, so that no run pays for
            // the write-back of the one before it (which otherwise favours whichever tool goes second).
            void clean(string remoteName, string localName)
            {
                string r = Path.Combine(remoteRoot, remoteName);
                if (Directory.Exists(r)) Directory.Delete(r, true);
                else if (File.Exists(r)) File.Delete(r);
                if (localName != null)
                {
                    string l = Path.Combine(local.Path, localName);
                    if (Directory.Exists(l)) Directory.Delete(l, true);
                    else if (File.Exists(l)) File.Delete(l);
                }
                ExternalTool.Run("sync").EnsureSuccess("sync");
            }

            var rows = new List<(string Case, double Module, double OpenSsh, string Unit)>();

            // One large file up and down.
            double modUp = Best(rounds, () => { clean("large.bin", null); return ps.Time($"Copy-RescaleItem $a $b {conn}", ("a", large), ("b", remote("bench/large.bin"))); });
            double sshUp = Best(rounds, () => { clean("large.bin", null); return Time(() => sftp($"put {large} bench/large.bin")); });
            double modDown = Best(rounds, () => { clean("x", "large-down.bin"); return ps.Time($"Copy-RescaleItem $a $b {conn}", ("a", remote("bench/large.bin")), ("b", Path.Combine(local.Path, "large-down.bin"))); });
            Check(large, Path.Combine(local.Path, "large-down.bin"));
            double sshDown = Best(rounds, () => { clean("x", "large-down.bin"); return Time(() => sftp($"get bench/large.bin {Path.Combine(local.Path, "large-down.bin")}")); });
            double mib = largeBytes / 1024.0 / 1024.0;
            rows.Add(($"{mib:0} MiB file up", mib / modUp, mib / sshUp, "MiB/s"));
            rows.Add(($"{mib:0} MiB file down", mib / modDown, mib / sshDown, "MiB/s"));
            clean("large.bin", "large-down.bin");

            // Many small files up and down.
            double modSmallUp = Best(rounds, () => { clean("small", null); return ps.Time($"Copy-RescaleItem $a $b -Recurse {conn}", ("a", smallDir), ("b", remote("bench"))); });
            double sshSmallUp = Best(rounds, () => { clean("small", null); return Time(() => sftp($"put -r {smallDir} bench/small")); });
            double modSmallDown = Best(rounds, () => { clean("x", "small-down"); Directory.CreateDirectory(Path.Combine(local.Path, "small-down")); return ps.Time($"Copy-RescaleItem $a $b -Recurse {conn}", ("a", remote("bench/small")), ("b", Path.Combine(local.Path, "small-down"))); });
            if (Directory.GetFiles(Path.Combine(local.Path, "small-down", "small")).Length != smallCount) throw new InvalidOperationException("small files missing after download");
            double sshSmallDown = Best(rounds, () => { clean("x", "small-down"); Directory.CreateDirectory(Path.Combine(local.Path, "small-down")); return Time(() => sftp($"get -r bench/small {Path.Combine(local.Path, "small-down")}")); });
            rows.Add(($"{smallCount} x {smallBytes / 1024} KiB up", smallCount / modSmallUp, smallCount / sshSmallUp, "files/s"));
            rows.Add(($"{smallCount} x {smallBytes / 1024} KiB down", smallCount / modSmallDown, smallCount / sshSmallDown, "files/s"));
            clean("small", "small-down");

            Console.WriteLine();
            Console.WriteLine($"  {"case",-26} {"module",12} {"OpenSSH sftp",14} {"ratio",7}");
            foreach (var row in rows)
            {
                Console.WriteLine($"  {row.Case,-26} {row.Module,8:0.0} {row.Unit,-7} {row.OpenSsh,6:0.0} {row.Unit,-7} {row.Module / row.OpenSsh,6:0.00}x");
            }

            // Peak memory growth while a very large file goes up and down.
            File.Delete(large);
            string huge = Path.Combine(local.Path, "huge.bin");
            WanBenchmark.WriteFile(huge, memoryBytes);
            clean("huge.bin", null);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var sampler = new MemorySampler();
            double hugeUp = ps.Time($"Copy-RescaleItem $a $b {conn}", ("a", huge), ("b", remote("bench/huge.bin")));
            long growthUp = sampler.Stop();
            long heapUp = sampler.PeakManaged;
            clean("x", "huge-down.bin");
            GC.Collect();
            GC.WaitForPendingFinalizers();
            sampler = new MemorySampler();
            double hugeDown = ps.Time($"Copy-RescaleItem $a $b {conn}", ("a", remote("bench/huge.bin")), ("b", Path.Combine(local.Path, "huge-down.bin")));
            long growthDown = sampler.Stop();
            long heapDown = sampler.PeakManaged;
            long growth = Math.Max(growthUp, growthDown);
            if (new FileInfo(Path.Combine(local.Path, "huge-down.bin")).Length != memoryBytes) throw new InvalidOperationException("huge file length differs");
            double hugeMib = memoryBytes / 1024.0 / 1024.0;
            // The same file through OpenSSH right after, under the same page-cache pressure, for reference.
            clean("x", "huge-down.bin");
            double sshHugeDown = Time(() => sftp($"get bench/huge.bin {Path.Combine(local.Path, "huge-down.bin")}"));
            Console.WriteLine();
            Console.WriteLine($"  {hugeMib:0} MiB file down with OpenSSH sftp right after: {hugeMib / sshHugeDown:0.0} MiB/s");
            Console.WriteLine($"  {hugeMib:0} MiB file: up {hugeMib / hugeUp:0.0} MiB/s, down {hugeMib / hugeDown:0.0} MiB/s; peak working set growth {growth / 1024.0 / 1024.0:0.0} MiB (up {growthUp / 1048576.0:0.0}, down {growthDown / 1048576.0:0.0}; baseline {sampler.Baseline / 1048576.0:0} MiB; peak managed heap up {heapUp / 1048576.0:0.0} MiB, down {heapDown / 1048576.0:0.0} MiB)");
            try { Directory.Delete(home, true); } catch (IOException) { }
            return 0;
        }

        private static Dictionary<string, long> ParseOptions(string[] args)
        {
            var options = new Dictionary<string, long>
            {
                ["large-mib"] = 1024, ["small-count"] = 2000, ["small-kib"] = 4, ["memory-mib"] = 2048, ["rounds"] = 2,
            };
            for (int i = 0; i + 1 < args.Length; i += 2)
            {
                string name = args[i].TrimStart('-');
                if (!options.ContainsKey(name)) throw new ArgumentException("unknown option " + args[i]);
                options[name] = long.Parse(args[i + 1], CultureInfo.InvariantCulture);
            }
            return options;
        }

        private static string FindManifest()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            for (int i = 0; i < 12 && dir != null; i++, dir = dir.Parent)
            {
                string manifest = Path.Combine(dir.FullName, "out", "RescaleSsh", "RescaleSsh.psd1");
                if (File.Exists(Path.Combine(dir.FullName, "RescaleSsh.sln")) && File.Exists(manifest)) return manifest;
            }
            throw new InvalidOperationException("out/RescaleSsh/RescaleSsh.psd1 not found: build RescaleSsh.sln first");
        }

        private static void Check(string a, string b)
        {
            if (new FileInfo(a).Length != new FileInfo(b).Length) throw new InvalidOperationException($"{b} differs from {a}");
        }

        private static double Time(Action action)
        {
            var clock = Stopwatch.StartNew();
            action();
            return clock.Elapsed.TotalSeconds;
        }

        private static double Best(int rounds, Func<double> run) => Enumerable.Range(0, Math.Max(1, rounds)).Select(_ => run()).Min();

        /// <summary>Samples this process's working set every 20 ms; reports the highest value above the starting one.</summary>
        private sealed class MemorySampler
        {
            private readonly Thread _thread;
            private volatile bool _stop;
            private long _peak;
            private long _peakManaged;

            public MemorySampler()
            {
                Baseline = Process.GetCurrentProcess().WorkingSet64;
                _thread = new Thread(() =>
                {
                    using var self = Process.GetCurrentProcess();
                    while (!_stop)
                    {
                        self.Refresh();
                        _peak = Math.Max(_peak, self.WorkingSet64);
                        _peakManaged = Math.Max(_peakManaged, GC.GetTotalMemory(false));
                        Thread.Sleep(20);
                    }
                }) { IsBackground = true };
                _thread.Start();
            }

            public long Baseline { get; }
            public long PeakManaged => _peakManaged;

            public long Stop()
            {
                _stop = true;
                _thread.Join();
                return Math.Max(0, _peak - Baseline);
            }
        }

        /// <summary>A PowerShell 7 runspace with the built module imported, as the tests host it.</summary>
        private sealed class BenchPowerShell : IDisposable
        {
            private readonly Runspace _runspace;

            public BenchPowerShell(string manifest)
            {
                _runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
                _runspace.Open();
                Invoke($"Import-Module '{manifest}' -ErrorAction Stop; $ProgressPreference = 'SilentlyContinue'");
            }

            public double Time(string script, params (string Name, object Value)[] variables)
            {
                foreach (var (name, value) in variables) _runspace.SessionStateProxy.SetVariable(name, value);
                return TransferBenchmark.Time(() => Invoke(script));
            }

            private void Invoke(string script)
            {
                using var ps = PowerShell.Create();
                ps.Runspace = _runspace;
                ps.AddScript(script);
                ps.Invoke();
                if (ps.Streams.Error.Count > 0) throw new InvalidOperationException(string.Join("; ", ps.Streams.Error.Select(e => e.ToString())));
            }

            public void Dispose() => _runspace.Dispose();
        }
    }
}
