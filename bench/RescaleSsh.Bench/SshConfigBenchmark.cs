using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;

namespace RescaleSsh.Bench
{
    /// <summary>
    /// Resolving devices through a long ~/.ssh/config (issue 12): a generated config of HOSTS Host blocks (five lines
    /// each, plus an Include and a Match) resolved for every alias, three ways: one Get-RescaleDevice call for all
    /// names (the config read once per command), one call per name (read once per device, as without the cache), and
    /// OpenSSH's own `ssh -G alias -F file` per name. Figures are per name; the first two in a hosted runspace.
    /// </summary>
    public static class SshConfigBenchmark
    {
        public static int Run(string[] args)
        {
            int hosts = args.Length > 0 ? int.Parse(args[0]) : 200;
            int rounds = args.Length > 1 ? int.Parse(args[1]) : 3;
            string folder = Path.Combine(Path.GetTempPath(), "rescalessh-bench-cfg-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(folder);
            try
            {
                string config = WriteConfig(folder, hosts);
                int lines = File.ReadAllLines(config).Length;
                var names = Enumerable.Range(0, hosts).Select(i => "dev" + i).ToList();
                using var host = new BenchHost();
                string list = string.Join(",", names.Select(n => "'" + n + "'"));
                host.Invoke($"Get-RescaleDevice {list} -SshConfigPath '{config}' | Out-Null"); // warm up

                var oneCall = new List<double>();
                var perName = new List<double>();
                var ssh = new List<double>();
                for (int r = 0; r < rounds; r++)
                {
                    var clock = Stopwatch.StartNew();
                    var all = host.Invoke($"Get-RescaleDevice {list} -SshConfigPath '{config}'");
                    oneCall.Add(clock.Elapsed.TotalMilliseconds / hosts);
                    if (all.Length != hosts) throw new InvalidOperationException($"{all.Length} devices resolved, {hosts} expected");

                    clock.Restart();
                    foreach (string name in names) host.Invoke($"Get-RescaleDevice {name} -SshConfigPath '{config}' | Out-Null");
                    perName.Add(clock.Elapsed.TotalMilliseconds / hosts);

                    clock.Restart();
                    foreach (string name in names.Take(Math.Min(hosts, 50))) SshG(config, name);
                    ssh.Add(clock.Elapsed.TotalMilliseconds / Math.Min(hosts, 50));
                }
                Console.WriteLine($"ssh_config resolution: {hosts} hosts, {lines} lines, {rounds} rounds, {Environment.ProcessorCount} CPUs, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
                Console.WriteLine($"{"way",-46} {"ms/name (median)",17} {"min",8}");
                Report("Get-RescaleDevice, all names in one call", oneCall);
                Report("Get-RescaleDevice, one call per name", perName);
                Report("ssh -G per name (a process each)", ssh);
                return 0;
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        private static void Report(string way, List<double> values)
        {
            var sorted = values.OrderBy(v => v).ToList();
            Console.WriteLine($"{way,-46} {sorted[sorted.Count / 2],17:F3} {sorted[0],8:F3}");
        }

        /// <summary>A realistic long config: a global block, a Match, an Include of a missing file, then one five-line block per host.</summary>
        private static string WriteConfig(string folder, int hosts)
        {
            var text = new StringBuilder();
            text.Append("Include ").Append(folder).Append("/conf.d/*.conf\n");
            text.Append("Host *.internal !bastion.internal\n  ServerAliveInterval 30\n  ConnectTimeout 10\n");
            text.Append("Match user backup\n  IdentitiesOnly yes\n");
            for (int i = 0; i < hosts; i++)
            {
                text.Append("Host dev").Append(i).Append(" dev").Append(i).Append(".internal\n");
                text.Append("  HostName 10.").Append(i / 250).Append('.').Append(i % 250).Append(".7\n");
                text.Append("  User udeprod.u").Append(i).Append('\n');
                text.Append("  Port ").Append(2200 + i % 100).Append('\n');
                text.Append("  IdentityFile ~/.ssh/rescale_").Append(i % 7).Append('\n');
            }
            string path = Path.Combine(folder, "config");
            File.WriteAllText(path, text.ToString());
            return path;
        }

        private static void SshG(string config, string name)
        {
            var info = new ProcessStartInfo("ssh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "-G", "-F", config, name }) info.ArgumentList.Add(a);
            using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start ssh");
            process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            if (!process.WaitForExit(30_000) || process.ExitCode != 0) throw new InvalidOperationException("ssh -G failed for " + name);
        }
    }
}
