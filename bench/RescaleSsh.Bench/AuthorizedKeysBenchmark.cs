using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace RescaleSsh.Bench
{
    /// <summary>
    /// Installs one public key on N devices (default 25: one account and one port each, served by local sshd
    /// processes) two ways and prints both times and the ratio:
    ///  - the module: CSV-shaped objects piped to Add-RescaleAuthorizedKey -ThrottleLimit 8, in a warm runspace;
    ///  - the seed: a sequential loop of its one-liner over OpenSSH's ssh,
    ///    cat KEY | ssh HOST 'cat > ~/KEY && mkdir -p ~/.ssh && chmod 700 ~/.ssh && cat ~/KEY >> ~/.ssh/authorized_keys && chmod 600 ~/.ssh/authorized_keys && rm ~/KEY'.
    /// Each run starts from the same authorized_keys (login key only). Needs root, sshd and ssh (Linux).
    /// Arguments: [devices=25] [runs=3] [throttle=8]. BENCH_SSHD_EXTRA adds one line to the sshd configs, e.g.
    /// "KexAlgorithms curve25519-sha256" to see how much of the module's time is SSH.NET's managed post-quantum
    /// key exchange (sntrup761x25519 against OpenSSH before 9.9; ML-KEM against newer servers is much cheaper).
    /// </summary>
    public static class AuthorizedKeysBenchmark
    {
        public static int Run(string[] args)
        {
            int devices = args.Length > 0 ? int.Parse(args[0]) : 25;
            int runs = args.Length > 1 ? int.Parse(args[1]) : 3;
            int throttle = args.Length > 2 ? int.Parse(args[2]) : 8;
            using var lab = new Lab(devices);
            string keyPub = lab.NewKey("alice@bench") + ".pub";
            string keyLine = File.ReadAllText(keyPub).Trim();

            using var host = new BenchHost();
            string ports = string.Join(",", lab.Ports);
            string users = string.Join(",", lab.Users.Select(u => "'" + u + "'"));
            string module =
                $"$ports = @({ports}); $users = @({users}); " +
                "$devices = for ($i = 0; $i -lt $ports.Count; $i++) { [pscustomobject]@{ ServerIP = '127.0.0.1'; HostId = $users[$i]; Port = $ports[$i] } }; " +
                $"$devices | Add-RescaleAuthorizedKey -PublicKeyPath '{keyPub}' -KeyFilePath '{lab.LoginKey}' -KnownHostsPath '{lab.KnownHosts}' -ThrottleLimit {throttle}";

            // Warm-up: JIT and module load, as a user's second command in a session sees it.
            lab.ResetAuthorizedKeys();
            var cold = Stopwatch.StartNew();
            Check(host.Invoke(module), devices, "Added");
            cold.Stop();

            var moduleTimes = new List<double>();
            var loopTimes = new List<double>();
            var moduleCpu = new List<double>();
            for (int run = 0; run < runs; run++)
            {
                lab.ResetAuthorizedKeys();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                Check(host.Invoke(module), devices, "Added");
                moduleTimes.Add(watch.Elapsed.TotalSeconds);
                moduleCpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
                lab.VerifyInstalled(keyLine);

                lab.ResetAuthorizedKeys();
                watch.Restart();
                for (int i = 0; i < devices; i++) lab.SeedOneLiner(i, keyPub);
                loopTimes.Add(watch.Elapsed.TotalSeconds);
                lab.VerifyInstalled(keyLine);
            }

            double moduleMedian = Median(moduleTimes), loopMedian = Median(loopTimes);
            Console.WriteLine($"authorized-keys: one key onto {devices} devices (loopback sshd, {Environment.ProcessorCount} CPUs), median of {runs} runs");
            Console.WriteLine($"  Add-RescaleAuthorizedKey -ThrottleLimit {throttle} : {moduleMedian:0.000} s   (runs: {string.Join(", ", moduleTimes.Select(t => t.ToString("0.000")))}; first call in the process: {cold.Elapsed.TotalSeconds:0.000} s)");
            Console.WriteLine($"    CPU time of this process (client side) per run: {string.Join(", ", moduleCpu.Select(t => t.ToString("0.000")))} s");
            Console.WriteLine($"  seed one-liner, sequential ssh loop       : {loopMedian:0.000} s   (runs: {string.Join(", ", loopTimes.Select(t => t.ToString("0.000")))})");
            Console.WriteLine($"  ratio (loop / module)                     : {loopMedian / moduleMedian:0.0}x");
            return 0;
        }

        private static void Check(System.Management.Automation.PSObject[] output, int devices, string status)
        {
            if (output.Length != devices || output.Any(o => o.Properties["Status"].Value.ToString() != status))
                throw new InvalidOperationException($"expected {devices} results '{status}', got {output.Length}: {string.Join(", ", output.Select(o => o.Properties["Status"].Value))}");
        }

        private static double Median(List<double> values)
        {
            var sorted = values.OrderBy(v => v).ToList();
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        }

        /// <summary>
        /// N devices on loopback: one throwaway account with a temp home per device, one port per device, sshd
        /// processes of at most 15 ports each (the test fixture's approach), a login key authorized everywhere.
        /// </summary>
        private sealed class Lab : IDisposable
        {
            private const int PortsPerProcess = 15;
            private readonly string _root = Path.Combine(Path.GetTempPath(), "rescalessh-bench-" + Guid.NewGuid().ToString("N").Substring(0, 10));
            private readonly List<Process> _daemons = new List<Process>();
            private readonly string _loginLine;
            private int _keys;

            public List<string> Users { get; } = new List<string>();
            public List<string> Homes { get; } = new List<string>();
            public List<int> Ports { get; } = new List<int>();
            public string LoginKey { get; }
            public string KnownHosts { get; }

            public Lab(int devices)
            {
                Directory.CreateDirectory(_root);
                Directory.CreateDirectory("/run/sshd");
                string prefix = "rbk" + Guid.NewGuid().ToString("N").Substring(0, 6);
                for (int i = 0; i < devices; i++)
                {
                    string user = $"{prefix}{i:00}";
                    string home = Path.Combine(_root, "home", user);
                    Directory.CreateDirectory(home);
                    Tool("useradd", "-M", "-d", home, "-s", "/bin/sh", user);
                    Tool("usermod", "-p", "*", user); // no password, but not locked: key login works with UsePAM no
                    Tool("chown", user + ":", home);
                    Users.Add(user);
                    Homes.Add(home);
                }
                while (Ports.Count < devices)
                {
                    int port = FreePort();
                    if (!Ports.Contains(port)) Ports.Add(port);
                }
                string hostKey = Path.Combine(_root, "host_ed25519");
                Tool("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "", "-f", hostKey);
                LoginKey = NewKey("login@bench");
                _loginLine = File.ReadAllText(LoginKey + ".pub").Trim();
                KnownHosts = Path.Combine(_root, "known_hosts");
                string hostLine = File.ReadAllText(hostKey + ".pub").Trim();
                File.WriteAllLines(KnownHosts, Ports.Select(p => $"[127.0.0.1]:{p} {hostLine}"));

                int index = 0;
                foreach (var group in Ports.Chunk(PortsPerProcess))
                {
                    string config = Path.Combine(_root, $"sshd_config_{index}");
                    File.WriteAllLines(config, group.Select(p => "Port " + p).Concat(new[]
                    {
                        "ListenAddress 127.0.0.1", "HostKey " + hostKey, "PidFile " + Path.Combine(_root, $"sshd_{index}.pid"),
                        "AllowUsers " + string.Join(" ", Users), "PermitRootLogin no", "UsePAM no", "PubkeyAuthentication yes",
                        "PasswordAuthentication no", "KbdInteractiveAuthentication no", "StrictModes yes",
                        "AuthorizedKeysFile .ssh/authorized_keys", "Subsystem sftp internal-sftp", "MaxStartups 200:30:400",
                        "MaxSessions 64", "LogLevel ERROR", Environment.GetEnvironmentVariable("BENCH_SSHD_EXTRA") ?? "",
                    }));
                    var info = new ProcessStartInfo("/usr/sbin/sshd") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
                    foreach (var a in new[] { "-D", "-f", config, "-E", Path.Combine(_root, $"sshd_{index}.log") }) info.ArgumentList.Add(a);
                    var process = Process.Start(info);
                    process.BeginOutputReadLine();
                    process.BeginErrorReadLine();
                    _daemons.Add(process);
                    index++;
                }
                foreach (int port in Ports) WaitUntilListening(port);
            }

            public string NewKey(string comment)
            {
                string path = Path.Combine(_root, $"key{++_keys}");
                Tool("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", path);
                return path;
            }

            /// <summary>Every device back to a ~/.ssh/authorized_keys holding only the login key, modes as sshd wants.</summary>
            public void ResetAuthorizedKeys()
            {
                if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("the benchmark runs sshd and needs Linux");
                for (int i = 0; i < Users.Count; i++)
                {
                    string ssh = Path.Combine(Homes[i], ".ssh");
                    Directory.CreateDirectory(ssh);
                    string file = Path.Combine(ssh, "authorized_keys");
                    File.WriteAllText(file, _loginLine + "\n");
                    Tool("chown", "-R", Users[i] + ":", ssh);
                    File.SetUnixFileMode(ssh, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                    File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }
            }

            public void VerifyInstalled(string keyLine)
            {
                for (int i = 0; i < Users.Count; i++)
                {
                    string text = File.ReadAllText(Path.Combine(Homes[i], ".ssh", "authorized_keys"));
                    if (text != _loginLine + "\n" + keyLine + "\n") throw new InvalidOperationException($"device {i} has an unexpected authorized_keys:\n{text}");
                }
            }

            /// <summary>The seed's one-liner for device <paramref name="i"/>: cat KEY | ssh HOST '...'.</summary>
            public void SeedOneLiner(int i, string keyPub)
            {
                string remote = "cat > ~/KEY && mkdir -p ~/.ssh && chmod 700 ~/.ssh && cat ~/KEY >> ~/.ssh/authorized_keys && chmod 600 ~/.ssh/authorized_keys && rm ~/KEY && echo Done";
                var result = Tool("ssh", new[]
                {
                    "-F", "/dev/null", "-p", Ports[i].ToString(), "-i", LoginKey, "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
                    "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + KnownHosts, "-o", "GlobalKnownHostsFile=/dev/null",
                    Users[i] + "@127.0.0.1", remote,
                }, File.ReadAllText(keyPub));
                if (result.Trim() != "Done") throw new InvalidOperationException("the one-liner did not print Done: " + result);
            }

            private static int FreePort()
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                int port = ((IPEndPoint)listener.LocalEndpoint).Port;
                listener.Stop();
                return port;
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
                        Thread.Sleep(25);
                    }
                }
                throw new InvalidOperationException($"sshd did not listen on {port}");
            }

            private static string Tool(string file, params string[] args) => Tool(file, args, null);

            private static string Tool(string file, string[] args, string stdin)
            {
                var info = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
                foreach (var a in args) info.ArgumentList.Add(a);
                using var process = Process.Start(info);
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEndAsync();
                if (stdin != null) process.StandardInput.Write(stdin);
                process.StandardInput.Close();
                if (!process.WaitForExit(60_000))
                {
                    process.Kill(true);
                    throw new TimeoutException($"{file} did not finish in 60 s");
                }
                if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args.Take(3))} exited {process.ExitCode}: {stderr.Result}");
                return stdout.Result;
            }

            public void Dispose()
            {
                foreach (var p in _daemons)
                {
                    try { if (!p.HasExited) { p.Kill(true); p.WaitForExit(10_000); } } catch (InvalidOperationException) { }
                    p.Dispose();
                }
                foreach (var user in Users)
                {
                    try { Tool("pkill", "-KILL", "-u", user); } catch (InvalidOperationException) { }
                    try { Tool("userdel", "-f", user); } catch (InvalidOperationException) { }
                }
                try { Directory.Delete(_root, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }
    }
}
