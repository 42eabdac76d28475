using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using RescaleSsh.Tests.Infrastructure;

namespace RescaleSsh.Bench
{
    /// <summary>
    /// Issue 13's cases, on loopback or (items, with rtt=MS) through a <see cref="DelayProxy"/> simulating that round trip:
    ///  - items: Get-RescaleChildItem -Recurse over a tree of N entries vs ssh DEVICE find PATH -printf and rclone lsl over sftp;
    ///  - invoke: Invoke-RescaleCommand on D devices (-ThrottleLimit 8) vs a sequential ssh loop and xargs -P 8 ssh.
    /// One throwaway account, one sshd process per 15 ports. Needs root, sshd, ssh, xargs (rclone optional).
    /// Arguments: items [entries=20000] [runs=3] [flat] [rtt=MS] | invoke [devices=25] [runs=3]. "flat" puts every entry in one folder
    /// (the peak working set then shows that a huge folder is not held whole).
    /// </summary>
    public static class ItemsBenchmark
    {
        public static int Run(string which, string[] args)
        {
            int size = args.Length > 0 ? int.Parse(args[0]) : which == "items" ? 20_000 : 25;
            int runs = args.Length > 1 ? int.Parse(args[1]) : 3;
            using var lab = new Lab(which == "items" ? 1 : size);
            using var host = new BenchHost();
            string conn = $"-KeyFilePath '{lab.Key}' -KnownHostsPath '{lab.KnownHosts}'";
            var results = new Dictionary<string, List<double>>();
            void Time(string name, Action action)
            {
                var watch = Stopwatch.StartNew();
                action();
                (results.TryGetValue(name, out var l) ? l : results[name] = new List<double>()).Add(watch.Elapsed.TotalSeconds);
            }
            if (which == "items")
            {
                bool flat = args.Contains("flat");
                int rtt = args.Where(a => a.StartsWith("rtt=", StringComparison.Ordinal)).Select(a => int.Parse(a.Substring(4))).FirstOrDefault();
                size = lab.MakeTree(size, flat);
                using var proxy = rtt > 0 ? DelayProxy.ForRoundTrip(lab.Ports[0], rtt) : null;
                int port = proxy?.Port ?? lab.Ports[0];
                if (proxy != null) lab.TrustPort(port);
                string module = $"$n = 0; Get-RescaleChildItem '{lab.User}@127.0.0.1:tree' -Port {port} -Recurse {conn} | ForEach-Object {{ $n++ }}; $n";
                Check(host.Invoke(module)[0].BaseObject, size);
                for (int r = 0; r < runs; r++)
                {
                    Time("Get-RescaleChildItem -Recurse", () => Check(host.Invoke(module)[0].BaseObject, size));
                    Time("ssh find -printf", () => Check(lab.SshAt(port, "find tree -mindepth 1 -printf '%M %u %s %T@ %p\\n'").Count(c => c == '\n'), size));
                    if (File.Exists("/usr/bin/rclone"))
                    {
                        Time("rclone lsl (sftp)", () => lab.Tool("rclone", "lsl", "--sftp-host", "127.0.0.1", "--sftp-port", port.ToString(), "--sftp-user", lab.User,
                            "--sftp-key-file", lab.Key, "--sftp-known-hosts-file", lab.KnownHosts, ":sftp:tree"));
                    }
                }
                Console.WriteLine($"items: {(flat ? "one folder" : "a tree")} of {size} entries ({(rtt > 0 ? $"{rtt} ms round trip through DelayProxy" : "loopback sshd")}), median of {runs} runs; peak working set of this process {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576} MiB");
            }
            else
            {
                string devices = string.Join(",", lab.Ports.Select(p => $"'{lab.User}@127.0.0.1:{p}'"));
                string module = $"@({devices}) | Invoke-RescaleCommand -Command 'uname -n' -ThrottleLimit 8 {conn}";
                Check(host.Invoke(module).Length, size);
                for (int r = 0; r < runs; r++)
                {
                    Time("Invoke-RescaleCommand -ThrottleLimit 8", () => Check(host.Invoke(module).Length, size));
                    Time("sequential ssh loop", () => { for (int i = 0; i < size; i++) lab.Ssh(i, "uname -n"); });
                    Time("xargs -P 8 ssh", () => lab.Tool("sh", "-c",
                        $"printf '%s\\n' {string.Join(" ", lab.Ports)} | xargs -P 8 -I PORT ssh {lab.SshOptions} -p PORT {lab.User}@127.0.0.1 'uname -n' > /dev/null"));
                }
                Console.WriteLine($"invoke: one command on {size} devices (loopback sshd), median of {runs} runs");
            }
            string first = results.Keys.First();
            foreach (var pair in results)
            {
                double median = pair.Value.OrderBy(t => t).ElementAt(pair.Value.Count / 2);
                double mine = results[first].OrderBy(t => t).ElementAt(results[first].Count / 2);
                Console.WriteLine($"  {pair.Key,-40}: {median:0.000} s   ratio to the module: {median / mine:0.00}x   (runs: {string.Join(", ", pair.Value.Select(t => t.ToString("0.000")))})");
            }
            return 0;
        }

        private static void Check(object actual, int expected)
        {
            if (Convert.ToInt32(actual, System.Globalization.CultureInfo.InvariantCulture) != expected) throw new InvalidOperationException($"expected {expected}, got {actual}");
        }

        private sealed class Lab : IDisposable
        {
            private readonly string _root = Path.Combine(Path.GetTempPath(), "rsh-items-bench-" + Guid.NewGuid().ToString("N")[..8]);
            private readonly List<Process> _daemons = new List<Process>();

            public string User { get; } = "rshb" + Guid.NewGuid().ToString("N")[..8];
            public string Home => Path.Combine(_root, "home");
            public string Key => Path.Combine(_root, "id");
            public string KnownHosts => Path.Combine(_root, "known_hosts");
            public List<int> Ports { get; } = new List<int>();
            public string SshOptions => $"-F /dev/null -i {Key} -o BatchMode=yes -o IdentitiesOnly=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile={KnownHosts} -o GlobalKnownHostsFile=/dev/null";

            public Lab(int devices)
            {
                Directory.CreateDirectory(Path.Combine(Home, ".ssh"));
                Directory.CreateDirectory("/run/sshd");
                Tool("useradd", "-M", "-d", Home, "-s", "/bin/sh", User);
                Tool("usermod", "-p", "*", User); // not locked: sshd without PAM refuses locked accounts even for keys
                Tool("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", Key);
                Tool("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", Path.Combine(_root, "host"));
                File.Copy(Key + ".pub", Path.Combine(Home, ".ssh", "authorized_keys"));
                Tool("chown", "-R", User + ":", Home);
                Tool("chmod", "700", Path.Combine(Home, ".ssh"));
                string hostKey = File.ReadAllText(Path.Combine(_root, "host.pub")).Trim();
                var listeners = Enumerable.Range(0, devices).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
                listeners.ForEach(l => l.Start());
                Ports.AddRange(listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port));
                listeners.ForEach(l => l.Stop());
                File.WriteAllLines(KnownHosts, Ports.Select(p => $"[127.0.0.1]:{p} {hostKey}"));
                foreach (var group in Ports.Chunk(15))
                {
                    string config = Path.Combine(_root, "sshd_config_" + _daemons.Count);
                    File.WriteAllLines(config, group.Select(p => "Port " + p).Concat(new[]
                    {
                        "ListenAddress 127.0.0.1", "HostKey " + Path.Combine(_root, "host"), "PidFile " + config + ".pid", "AllowUsers " + User,
                        "UsePAM no", "PasswordAuthentication no", "Subsystem sftp internal-sftp", "MaxStartups 200:30:400", "MaxSessions 64",
                    }));
                    var info = new ProcessStartInfo("/usr/sbin/sshd") { UseShellExecute = false };
                    foreach (var a in new[] { "-D", "-f", config, "-E", config + ".log" }) info.ArgumentList.Add(a);
                    _daemons.Add(Process.Start(info));
                }
                foreach (int port in Ports) WaitUntilListening(port);
            }

            /// <summary>A tree of about <paramref name="entries"/> files in folders of 100, or all in one folder when <paramref name="flat"/>.</summary>
            public int MakeTree(int entries, bool flat)
            {
                string tree = Path.Combine(Home, "tree");
                for (int i = 0; i < entries; i++)
                {
                    string folder = flat ? tree : Path.Combine(tree, "d" + (i / 1000), "s" + (i / 100 % 10));
                    Directory.CreateDirectory(folder);
                    File.WriteAllBytes(Path.Combine(folder, "f" + i), Array.Empty<byte>());
                }
                Tool("chown", "-R", User + ":", tree);
                return Directory.EnumerateFileSystemEntries(tree, "*", SearchOption.AllDirectories).Count(); // files and folders: both tools list both
            }

            public string Ssh(int index, string command) => SshAt(Ports[index], command);

            public string SshAt(int port, string command) =>
                Tool("ssh", SshOptions.Split(' ').Concat(new[] { "-p", port.ToString(), User + "@127.0.0.1", command }).ToArray());

            /// <summary>Trusts the device's host key also at <paramref name="port"/> (a proxy in front of it).</summary>
            public void TrustPort(int port)
            {
                string line = File.ReadLines(KnownHosts).First();
                File.AppendAllText(KnownHosts, $"[127.0.0.1]:{port} {line.Substring(line.IndexOf(' ') + 1)}\n");
            }

            public string Tool(string file, params string[] args)
            {
                var info = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
                foreach (var a in args) info.ArgumentList.Add(a);
                using var process = Process.Start(info);
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEndAsync();
                if (!process.WaitForExit(300_000)) { process.Kill(true); throw new TimeoutException(file + " did not finish in 300 s"); }
                if (process.ExitCode != 0) throw new InvalidOperationException($"{file} exited {process.ExitCode}: {stderr.Result}");
                return stdout.Result;
            }

            private static void WaitUntilListening(int port)
            {
                var deadline = DateTime.UtcNow.AddSeconds(15);
                while (DateTime.UtcNow < deadline)
                {
                    try { using var client = new TcpClient(); client.Connect(IPAddress.Loopback, port); return; }
                    catch (SocketException) { Thread.Sleep(25); }
                }
                throw new InvalidOperationException($"sshd did not listen on {port}");
            }

            public void Dispose()
            {
                foreach (var p in _daemons) { try { if (!p.HasExited) { p.Kill(true); p.WaitForExit(10_000); } } catch (InvalidOperationException) { } p.Dispose(); }
                try { Tool("pkill", "-KILL", "-u", User); } catch (InvalidOperationException) { }
                try { Tool("userdel", "-f", User); } catch (InvalidOperationException) { }
                try { Directory.Delete(_root, true); } catch (IOException) { }
            }
        }
    }
}
