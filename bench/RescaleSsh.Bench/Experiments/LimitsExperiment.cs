using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Renci.SshNet;
using RescaleSsh.Tests.Infrastructure;

namespace RescaleSsh.Bench.Experiments
{
    /// <summary>
    /// EXPERIMENT ONLY (issue 14): what a device with sshd's default limits does to extra channels, and how SSH.NET
    /// reports it. A second sshd serves the lab's account with no MaxStartups/MaxSessions lines (defaults: MaxStartups
    /// 10:30:100, MaxSessions 10), behind a delay proxy so that connections overlap in their unauthenticated phase as
    /// they do over a WAN. Then: --connections SSH connections opened at once (how many fail, with which exception
    /// type and message), and SFTP channels added one by one to one connection until one is refused.
    /// Options: --rtt-ms 40  --connections 8,12,16,24  --channels 12  --startups "" (e.g. "4:100:4" to force refusals)
    ///   --client-max-sessions 10 (SSH.NET's ConnectionInfo.MaxSessions: raise it to reach sshd's own limit)
    /// </summary>
    public static class LimitsExperiment
    {
        public static int Run(string[] args)
        {
            var o = ExperimentOptions.Parse(args);
            int rtt = o.Int("rtt-ms", 40);
            var attempts = ExperimentLab.Ints(o.Text("connections", "8,12,16,24"));
            int channels = o.Int("channels", 12);
            int clientSessions = o.Int("client-max-sessions", 10);
            string startups = o.Text("startups", "");

            using var lab = new ExperimentLab();
            using var sshd = DefaultSshd.Start(lab, startups);
            int port = rtt < 0 ? sshd.Port : lab.Proxy(rtt, sshd.Port).Port;
            Console.WriteLine($"EXPERIMENT limits: sshd with {(startups == "" ? "default MaxStartups (10:30:100)" : "MaxStartups " + startups)} and default MaxSessions (10), {rtt} ms round trip");

            foreach (int n in attempts)
            {
                var clock = Stopwatch.StartNew();
                var results = Task.WhenAll(Enumerable.Range(0, n).Select(async _ =>
                {
                    try
                    {
                        using var client = await lab.ConnectAsync(port);
                        return "ok";
                    }
                    catch (Exception ex)
                    {
                        return $"{ex.GetType().Name}: {ex.Message}";
                    }
                })).GetAwaiter().GetResult();
                Console.WriteLine($"  {n} connections at once ({clock.Elapsed.TotalSeconds:0.00} s): {results.Count(r => r == "ok")} connected");
                foreach (var failure in results.Where(r => r != "ok").GroupBy(r => r)) Console.WriteLine($"    {failure.Count()} x {failure.Key}");
            }

            using (var client = lab.ConnectAsync(port, clientSessions).GetAwaiter().GetResult())
            {
                var opened = new List<RawSftp>();
                try
                {
                    for (int i = 2; i <= channels; i++)
                    {
                        try
                        {
                            // SSH.NET itself holds channels per connection to ConnectionInfo.MaxSessions (default 10)
                            // with a semaphore: the next open waits for a free slot instead of failing.
                            var open = System.Threading.Tasks.Task.Run(() => RawSftp.NewChannel(client));
                            if (!open.Wait(TimeSpan.FromSeconds(10)))
                            {
                                Console.WriteLine($"  SFTP channel {i} on one connection: still waiting after 10 s (SSH.NET's own MaxSessions = {client.ConnectionInfo.MaxSessions} slots are all taken)");
                                _ = open.ContinueWith(t => { if (t.Status == System.Threading.Tasks.TaskStatus.RanToCompletion) t.Result.Dispose(); });
                                break;
                            }
                            opened.Add(open.GetAwaiter().GetResult());
                        }
                        catch (AggregateException aggregate)
                        {
                            var ex = aggregate.GetBaseException();
                            Console.WriteLine($"  SFTP channel {i} on one connection refused: {ex.GetType().FullName}: {ex.Message}");
                            Console.WriteLine($"    the connection is still usable afterwards: {Usable(client)}");
                            break;
                        }
                    }
                    Console.WriteLine($"  channels open on one connection: {opened.Count + 1}");
                }
                finally
                {
                    opened.ForEach(c => c.Dispose());
                }
            }
            Console.WriteLine("  sshd log lines about refusals:");
            foreach (var line in sshd.ReadLog().Split('\n').Where(l => l.Contains("MaxStartups", StringComparison.OrdinalIgnoreCase) || l.Contains("drop", StringComparison.OrdinalIgnoreCase) || l.Contains("refused", StringComparison.OrdinalIgnoreCase) || l.Contains("open failed", StringComparison.OrdinalIgnoreCase) || l.Contains("no more sessions", StringComparison.OrdinalIgnoreCase)).Take(8))
            {
                Console.WriteLine("    " + line.Trim());
            }
            return 0;
        }

        private static bool Usable(SftpClient client)
        {
            try { return client.Exists("lab"); }
            catch (Exception) { return false; }
        }

        /// <summary>A second sshd for the lab's account and host key, with only the lines the lab needs (limits left at their defaults).</summary>
        private sealed class DefaultSshd : IDisposable
        {
            private readonly Process _process;
            private readonly string _log;
            private readonly TempFolder _folder = new TempFolder("rescalessh-lab-sshd-");

            private DefaultSshd(ExperimentLab lab, string startups)
            {
                Port = SshServer.FreePort();
                string config = _folder.Combine("sshd_config");
                _log = _folder.Combine("sshd.log");
                var lines = new List<string>
                {
                    "Port " + Port, "ListenAddress 127.0.0.1", "HostKey " + lab.Server.HostKeyPath, "PidFile " + _folder.Combine("sshd.pid"),
                    "AllowUsers " + lab.Server.UserName, "UsePAM no", "PubkeyAuthentication yes", "PasswordAuthentication no",
                    "AuthorizedKeysFile .ssh/authorized_keys", "Subsystem sftp internal-sftp", "LogLevel VERBOSE",
                };
                if (startups != "") lines.Add("MaxStartups " + startups);
                File.WriteAllLines(config, lines);
                var info = new ProcessStartInfo(SshServer.SshdPath) { UseShellExecute = false };
                foreach (var a in new[] { "-D", "-f", config, "-E", _log }) info.ArgumentList.Add(a);
                _process = Process.Start(info);
                for (int i = 0; i < 300; i++)
                {
                    try
                    {
                        using var probe = new System.Net.Sockets.TcpClient();
                        probe.Connect("127.0.0.1", Port);
                        return;
                    }
                    catch (System.Net.Sockets.SocketException)
                    {
                        System.Threading.Thread.Sleep(20);
                    }
                }
                throw new InvalidOperationException("second sshd did not listen: " + ReadLog());
            }

            public int Port { get; }

            public static DefaultSshd Start(ExperimentLab lab, string startups) => new DefaultSshd(lab, startups);

            public string ReadLog() => File.Exists(_log) ? File.ReadAllText(_log) : "";

            public void Dispose()
            {
                try { _process.Kill(entireProcessTree: true); _process.WaitForExit(10_000); } catch (InvalidOperationException) { }
                _process.Dispose();
                _folder.Dispose();
            }
        }
    }
}
