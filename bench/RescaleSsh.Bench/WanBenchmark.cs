using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using RescaleSsh.Tests.Infrastructure;

namespace RescaleSsh.Bench
{
    /// <summary>
    /// Transfers over a long link (issue 14): Copy-RescaleItem, OpenSSH's sftp as shipped and rclone's sftp backend
    /// copy one large file and many small files up and down through a <see cref="DelayProxy"/> in front of the
    /// bench's own loopback sshd, which adds the round trip without capping bandwidth. Every tool pays its own
    /// connection set-up through the proxy. Each cell runs <c>--rounds</c> times, tools interleaved (the first one turns
    /// each round), and the table shows the best time, the spread (slowest/best) and each tool's best time over the
    /// module's. Every copy is
    /// checked against the source (the uploaded copy on the server's disk, the downloaded one here), and the
    /// proxy counts the TCP connections each tool opened.
    /// Options: --rtt-ms 40 (0 = plain loopback, no proxy; --proxy 1 forces the pass-through proxy at 0)
    ///   --large-mib 200  --small-count 200  --small-kib 4  --rounds 3  --tools module,sftp,rclone (also sftp-tuned)
    ///   --module-args "-ThrottleLimit 32" (added to every Copy-RescaleItem call)  --module-hooks UploadConnections=4 (an EngineHooks seam)  --cells large-up,large-down,small-up,small-down
    /// </summary>
    public static class WanBenchmark
    {
        private static readonly string[] AllCells = { "large-up", "large-down", "small-up", "small-down" };

        public static int Run(string[] args)
        {
            var options = Options.Parse(args);
            int rtt = options.Int("rtt-ms", 40);
            bool viaProxy = rtt > 0 || options.Int("proxy", 0) == 1;
            long largeBytes = options.Int("large-mib", 200) * 1024L * 1024;
            int smallCount = options.Int("small-count", 200);
            int smallBytes = options.Int("small-kib", 4) * 1024;
            int rounds = Math.Max(1, options.Int("rounds", 3));
            var toolNames = options.Text("tools", "module,sftp,rclone").Split(',', StringSplitOptions.RemoveEmptyEntries);
            var cells = options.Text("cells", string.Join(",", AllCells)).Split(',', StringSplitOptions.RemoveEmptyEntries);
            if (cells.Any(c => !AllCells.Contains(c))) throw new ArgumentException("--cells takes " + string.Join(",", AllCells));

            string home = Path.Combine(Path.GetTempPath(), "rescalessh-bench-home-" + Environment.ProcessId);
            Directory.CreateDirectory(home);
            Environment.SetEnvironmentVariable("HOME", home); // never touch a real ~/.ssh or ~/.config/rclone

            using var server = SshServer.Start();
            using var proxy = viaProxy ? DelayProxy.ForRoundTrip(server.Port, rtt) : null;
            using var local = new TempFolder("rescalessh-wan-");
            int port = proxy?.Port ?? server.Port;
            string key = Path.Combine(server.ClientFolder, "id");
            ExternalTool.Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key).EnsureSuccess("ssh-keygen");
            server.AuthorizeKey(File.ReadAllText(key + ".pub"));
            string knownHosts = Path.Combine(server.ClientFolder, "known_hosts");
            File.WriteAllText(knownHosts, $"[127.0.0.1]:{port} {server.HostKeyPublicLine}\n");
            var target = new WanTarget(server.UserName, port, key, knownHosts, local.Path);

            // Sources: here, and the same bytes already on the server for the downloads.
            string remoteRoot = Path.Combine(server.Home, "bench");
            Directory.CreateDirectory(remoteRoot);
            string large = local.Combine("large.bin");
            WriteFile(large, largeBytes);
            string largeHash = Sha256(large);
            string small = local.Combine("small");
            var smallFiles = WriteSmallFiles(small, smallCount, smallBytes);
            File.Copy(large, Path.Combine(remoteRoot, "src-large.bin"));
            Directory.CreateDirectory(Path.Combine(remoteRoot, "src-small"));
            foreach (var (name, _) in smallFiles) File.Copy(Path.Combine(small, name), Path.Combine(remoteRoot, "src-small", name));
            File.WriteAllText(Path.Combine(remoteRoot, "warm.txt"), "warm-up\n");
            server.GiveToUser(remoteRoot);

            var tools = toolNames.Select(n => WanTool.Create(n, target)).ToList();
            foreach (var module in tools.OfType<ModuleTool>()) module.ExtraParameters = options.Text("module-args", "");
            // --module-hooks UploadConnections=4: a test seam set for the module's runspace (design measurements, e.g. ranges on loopback).
            foreach (var hook in options.Text("module-hooks", "").Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                foreach (var module in tools.OfType<ModuleTool>()) module.SetHook(hook.Split('=')[0], hook.Split('=')[1]);
            }
            foreach (var rclone in tools.OfType<RcloneTool>()) rclone.WarmUp("bench/warm.txt");
            // Warm-up: the module's first call in a process pays JIT and module load, as only a user's first call does.
            foreach (var module in tools.OfType<ModuleTool>()) module.DownloadFile("bench/warm.txt", local.Combine("warm.txt"));

            string where = proxy == null ? "no proxy (plain loopback)" : $"{rtt} ms round trip ({proxy.OneWayDelay.TotalMilliseconds:0.#} ms each way through DelayProxy)";
            Console.WriteLine($"wan: {where}; loopback sshd ({ExternalTool.Run("ssh", "-V").StdErr.Trim()}), {Environment.ProcessorCount} CPUs, {rounds} rounds, tools interleaved (the order turns each round)");
            if (tools.OfType<RcloneTool>().Any()) Console.WriteLine($"  {RcloneTool.Version}: --transfers 8 --multi-thread-streams 4");
            if (options.Text("module-args", "") != "") Console.WriteLine($"  module: Copy-RescaleItem {options.Text("module-args", "")}");

            double mib = largeBytes / 1048576.0;
            var labels = new Dictionary<string, string>
            {
                ["large-up"] = $"{mib:0} MiB file up",
                ["large-down"] = $"{mib:0} MiB file down",
                ["small-up"] = $"{smallCount} x {smallBytes / 1024} KiB up",
                ["small-down"] = $"{smallCount} x {smallBytes / 1024} KiB down",
            };
            var times = cells.ToDictionary(c => c, _ => tools.ToDictionary(t => t.Name, _ => new List<double>()));
            var connections = cells.ToDictionary(c => c, _ => tools.ToDictionary(t => t.Name, _ => 0));

            for (int round = 0; round < rounds; round++)
            {
                foreach (string cell in cells)
                {
                    // The order turns each round, so that no tool always runs first after another cell's clean-up.
                    foreach (var tool in tools.Skip(round % tools.Count).Concat(tools.Take(round % tools.Count)))
                    {
                        string remoteTarget = cell switch { "large-up" => "bench/up-large.bin", "small-up" => "bench/up-small", _ => null };
                        string localTarget = cell switch { "large-down" => local.Combine("down-large.bin"), "small-down" => local.Combine("down-small"), _ => null };
                        Clean(remoteTarget == null ? null : Path.Combine(server.Home, remoteTarget), localTarget);
                        int before = proxy?.ConnectionsAccepted ?? 0;
                        proxy?.ResetLateness();
                        var clock = Stopwatch.StartNew();
                        switch (cell)
                        {
                            case "large-up": tool.UploadFile(large, remoteTarget); break;
                            case "large-down": tool.DownloadFile("bench/src-large.bin", localTarget); break;
                            case "small-up": tool.UploadFolder(small, remoteTarget); break;
                            case "small-down": tool.DownloadFolder("bench/src-small", localTarget); break;
                        }
                        double seconds = clock.Elapsed.TotalSeconds;
                        connections[cell][tool.Name] = (proxy?.ConnectionsAccepted ?? 0) - before;
                        // Round trip compared: what arrived must be the source's bytes.
                        string arrived = remoteTarget != null ? Path.Combine(server.Home, remoteTarget) : localTarget;
                        if (cell.StartsWith("large", StringComparison.Ordinal)) CheckFile(arrived, largeHash, tool.Name);
                        else CheckFolder(arrived, smallFiles, tool.Name);
                        times[cell][tool.Name].Add(seconds);
                        string late = proxy == null ? "" : $", proxy late by {proxy.AverageLateness.TotalMilliseconds:0.0} ms per chunk";
                        Console.WriteLine($"    round {round + 1} {labels[cell],-22} {tool.Name,-11} {seconds,8:0.00} s  ({connections[cell][tool.Name]} connections{late}; load {LoadAverage()})");
                    }
                }
            }
            Clean(Path.Combine(server.Home, "bench/up-large.bin"), local.Combine("down-large.bin"));
            Clean(Path.Combine(server.Home, "bench/up-small"), local.Combine("down-small"));

            Console.WriteLine();
            Console.WriteLine($"  seconds, best of {rounds} (spread = slowest / best); ratio = the tool's best / the module's best");
            Console.Write($"  {"case",-22}");
            foreach (var tool in tools) Console.Write($" {tool.Name,18}");
            foreach (var tool in tools.Skip(1)) Console.Write($" {"vs " + tool.Name,11}");
            Console.WriteLine();
            foreach (string cell in cells)
            {
                Console.Write($"  {labels[cell],-22}");
                foreach (var tool in tools)
                {
                    var t = times[cell][tool.Name];
                    Console.Write($" {t.Min(),8:0.00} s (x{t.Max() / t.Min(),4:0.00})");
                }
                double moduleBest = times[cell][tools[0].Name].Min();
                foreach (var tool in tools.Skip(1)) Console.Write($" {times[cell][tool.Name].Min() / moduleBest,10:0.00}x");
                Console.WriteLine();
            }
            Console.Write($"  {"connections per copy",-22}");
            foreach (var tool in tools) Console.Write($" {string.Join("/", cells.Select(c => connections[c][tool.Name])),18}");
            Console.WriteLine();

            foreach (var tool in tools.OfType<IDisposable>()) tool.Dispose();
            try { Directory.Delete(home, true); } catch (IOException) { }
            return 0;
        }

        /// <summary>The one-minute load average: the machine is shared, so every run says how busy it was.</summary>
        private static string LoadAverage()
        {
            try { return File.ReadAllText("/proc/loadavg").Split(' ')[0]; }
            catch (IOException) { return "?"; }
        }

        /// <summary>Removes the previous copy's output and flushes dirty pages, so no run pays for another's write-back.</summary>
        private static void Clean(string remotePath, string localPath)
        {
            foreach (var path in new[] { remotePath, localPath })
            {
                if (path == null) continue;
                if (Directory.Exists(path)) Directory.Delete(path, true);
                else if (File.Exists(path)) File.Delete(path);
            }
            ExternalTool.Run("sync").EnsureSuccess("sync");
        }

        private static void CheckFile(string path, string sha256, string tool)
        {
            if (!File.Exists(path) || Sha256(path) != sha256) throw new InvalidOperationException($"{tool}: {path} does not match the source");
        }

        private static void CheckFolder(string folder, List<(string Name, byte[] Bytes)> files, string tool)
        {
            if (!Directory.Exists(folder) || Directory.GetFileSystemEntries(folder).Length != files.Count)
                throw new InvalidOperationException($"{tool}: {folder} does not hold exactly the {files.Count} source files");
            foreach (var (name, bytes) in files)
            {
                string path = Path.Combine(folder, name);
                if (!File.Exists(path) || !File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes))
                    throw new InvalidOperationException($"{tool}: {path} does not match the source");
            }
        }

        private static string Sha256(string path)
        {
            using var stream = File.OpenRead(path);
            return Convert.ToHexString(SHA256.HashData(stream));
        }

        private static List<(string Name, byte[] Bytes)> WriteSmallFiles(string folder, int count, int length)
        {
            Directory.CreateDirectory(folder);
            var random = new Random(2);
            var files = new List<(string, byte[])>();
            for (int i = 0; i < count; i++)
            {
                var bytes = new byte[length];
                random.NextBytes(bytes);
                string name = $"f{i:D5}.bin";
                File.WriteAllBytes(Path.Combine(folder, name), bytes);
                files.Add((name, bytes));
            }
            return files;
        }

        internal static void WriteFile(string path, long length)
        {
            var random = new Random(1);
            var block = new byte[4 << 20];
            random.NextBytes(block);
            using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
            for (long left = length, n = 0; left > 0; left -= block.Length, n++)
            {
                block[0] = (byte)n; // no two blocks alike
                block[1] = (byte)(n >> 8);
                stream.Write(block, 0, (int)Math.Min(left, block.Length));
            }
        }

        /// <summary>--name value pairs; numbers and text.</summary>
        private sealed class Options
        {
            private readonly Dictionary<string, string> _values = new Dictionary<string, string>();
            private static readonly string[] Known = { "rtt-ms", "proxy", "large-mib", "small-count", "small-kib", "rounds", "tools", "module-args", "module-hooks", "cells" };

            public static Options Parse(string[] args)
            {
                var options = new Options();
                for (int i = 0; i < args.Length; i += 2)
                {
                    string name = args[i].TrimStart('-');
                    if (!Known.Contains(name) || i + 1 >= args.Length) throw new ArgumentException("unknown or incomplete option " + args[i]);
                    options._values[name] = args[i + 1];
                }
                return options;
            }

            public int Int(string name, int fallback) => _values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
            public string Text(string name, string fallback) => _values.TryGetValue(name, out var v) ? v : fallback;
        }
    }
}
