using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using RescaleSsh.Tests.Infrastructure;

namespace RescaleSsh.Bench
{
    /// <summary>
    /// Memory of the module against files that used to be read whole, through the cmdlets as users run them, one case
    /// per process (the peak working set is a process-lifetime number):
    ///   known-hosts-memory [lines=1000000] [devices=8]   Get-RescaleAuthorizedKey on N devices at once (-ThrottleLimit N)
    ///     with a known_hosts of that many lines (the devices' own entries last). Was: one full parse per connection.
    ///   authorized-keys-memory [MB=50]   Get-RescaleAuthorizedKey on a device whose authorized_keys is that large.
    /// Prints wall time, peak working-set growth and managed bytes allocated. Needs root, sshd (Linux).
    /// </summary>
    public static class HardeningMemoryBenchmark
    {
        public static int KnownHosts(string[] args)
        {
            int lines = args.Length > 0 ? int.Parse(args[0]) : 1_000_000;
            int devices = args.Length > 1 ? int.Parse(args[1]) : 8;
            using var server = SshServer.Start(devices);
            string key = Path.Combine(server.ClientFolder, "id_ed25519");
            ExternalTool.Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key).EnsureSuccess("ssh-keygen");
            server.AuthorizeKey(File.ReadAllText(key + ".pub"));
            string knownHosts = Path.Combine(server.ClientFolder, "known_hosts");
            using (var writer = new StreamWriter(knownHosts, false, new UTF8Encoding(false), 1 << 20))
            {
                var blob = new byte[51];
                Encoding.ASCII.GetBytes("\0\0\0\vssh-ed25519\0\0\0 ").CopyTo(blob, 0);
                for (int i = 0; i < lines; i++)
                {
                    RandomNumberGenerator.Fill(blob.AsSpan(19));
                    writer.Write($"[10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}]:{2000 + i % 1000} ssh-ed25519 {Convert.ToBase64String(blob)}\n");
                }
                foreach (int port in server.Ports) writer.Write($"[127.0.0.1]:{port} {server.HostKeyPublicLine}\n");
            }
            Console.WriteLine($"known_hosts: {lines:N0} lines, {new FileInfo(knownHosts).Length / 1048576.0:F0} MiB; {devices} devices at once");
            string script = $"$ports = @({string.Join(",", server.Ports)}); " +
                $"$ports | ForEach-Object {{ [pscustomobject]@{{ ComputerName = '127.0.0.1'; UserName = '{server.UserName}'; Port = $_ }} }} | " +
                $"Get-RescaleAuthorizedKey -KeyFilePath '{key}' -KnownHostsPath '{knownHosts}' -HostKeyPolicy Strict -ThrottleLimit {devices} | ForEach-Object Fingerprint";
            return Measure(script, devices);
        }

        public static int AuthorizedKeys(string[] args)
        {
            int megabytes = args.Length > 0 ? int.Parse(args[0]) : 50;
            using var server = SshServer.Start(1);
            string key = Path.Combine(server.ClientFolder, "id_ed25519");
            ExternalTool.Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key).EnsureSuccess("ssh-keygen");
            string line = File.ReadAllText(key + ".pub").Trim();
            server.AuthorizeKey(line);
            // Real-looking key lines (about 100 bytes each) after the login key, up to the size asked.
            using (var writer = new StreamWriter(server.AuthorizedKeysPath, true, new UTF8Encoding(false), 1 << 20))
            {
                var blob = new byte[51];
                Encoding.ASCII.GetBytes("\0\0\0\vssh-ed25519\0\0\0 ").CopyTo(blob, 0);
                long target = megabytes * 1_000_000L;
                for (int i = 0; writer.BaseStream.Length < target; i++)
                {
                    RandomNumberGenerator.Fill(blob.AsSpan(19));
                    writer.Write($"ssh-ed25519 {Convert.ToBase64String(blob)} user{i}@bench\n");
                    if (i % 10000 == 0) writer.Flush();
                }
            }
            server.GiveToUser(server.AuthorizedKeysPath);
            string knownHosts = Path.Combine(server.ClientFolder, "known_hosts");
            File.WriteAllText(knownHosts, $"[127.0.0.1]:{server.Port} {server.HostKeyPublicLine}\n");
            Console.WriteLine($"authorized_keys: {new FileInfo(server.AuthorizedKeysPath).Length / 1048576.0:F0} MiB");
            string script = $"Get-RescaleAuthorizedKey 127.0.0.1 -UserName '{server.UserName}' -Port {server.Port} -KeyFilePath '{key}' -KnownHostsPath '{knownHosts}' " +
                "-ErrorAction SilentlyContinue -ErrorVariable failed | ForEach-Object { $n = 0 } { $n++ } { \"$n keys\" }; $failed | ForEach-Object { $_.FullyQualifiedErrorId }";
            return Measure(script, null);
        }

        private static int Measure(string script, int? expected)
        {
            using var host = new BenchHost();
            host.Invoke("Get-Command Get-RescaleAuthorizedKey | Out-Null");
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var process = Process.GetCurrentProcess();
            process.Refresh();
            long workingSet = process.WorkingSet64;
            long allocated = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            var output = host.Invoke(script).Select(o => o?.ToString()).ToArray();
            clock.Stop();
            process.Refresh();
            Console.WriteLine($"wall {clock.Elapsed.TotalSeconds:F1} s; peak working set +{(process.PeakWorkingSet64 - workingSet) / 1048576.0:F0} MiB; " +
                              $"managed allocated {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1048576.0:F0} MiB");
            Console.WriteLine("output: " + string.Join(", ", output.Take(10)) + (output.Length > 10 ? ", ..." : ""));
            if (expected.HasValue && output.Length < expected.Value) Console.WriteLine($"(expected at least {expected} objects)");
            return 0;
        }
    }
}
