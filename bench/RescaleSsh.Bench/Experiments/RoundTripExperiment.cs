using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Renci.SshNet;

namespace RescaleSsh.Bench.Experiments
{
    /// <summary>
    /// EXPERIMENT ONLY (issue 14): can the round trip be read off the SSH handshake with SSH.NET's public events?
    /// Times, per connection: ConnectAsync start → ServerIdentificationReceived (TCP connect + the server's greeting),
    /// → HostKeyReceived (the key exchange: one round trip plus both sides' key agreement work), → connected (user
    /// auth, channel, sftp init); then the smallest of 5 SFTP round trips (REALPATH ".") on the open channel.
    /// Options: --rtt-ms 0,40,100 (-1: no proxy)  --connections 5
    /// </summary>
    public static class RoundTripExperiment
    {
        public static int Run(string[] args)
        {
            var o = ExperimentOptions.Parse(args);
            var rtts = ExperimentLab.Ints(o.Text("rtt-ms", "-1,0,40,100"));
            int connections = o.Int("connections", 5);
            using var lab = new ExperimentLab();
            Console.WriteLine("EXPERIMENT rtt: milliseconds per connection (median of the connections; min-max)");
            Console.WriteLine($"  {"rtt",5} {"greeting",16} {"kex (ident→hostkey)",22} {"connected",16} {"sftp ping",16} {"connect / rtt",14}");
            foreach (int rtt in rtts)
            {
                int port = lab.PortFor(rtt);
                var greeting = new List<double>();
                var kex = new List<double>();
                var connected = new List<double>();
                var ping = new List<double>();
                for (int i = 0; i < connections; i++)
                {
                    var client = new SftpClient(lab.ConnectionInfo(port));
                    var clock = Stopwatch.StartNew();
                    double identAt = 0, hostKeyAt = 0;
                    client.ServerIdentificationReceived += (_, _) => identAt = clock.Elapsed.TotalMilliseconds;
                    client.HostKeyReceived += (_, e) => { hostKeyAt = clock.Elapsed.TotalMilliseconds; e.CanTrust = true; };
                    client.ConnectAsync(default).GetAwaiter().GetResult();
                    connected.Add(clock.Elapsed.TotalMilliseconds);
                    greeting.Add(identAt);
                    kex.Add(hostKeyAt - identAt);
                    var sftp = RawSftp.Of(client);
                    var pings = new List<double>();
                    for (int p = 0; p < 5; p++)
                    {
                        var one = Stopwatch.StartNew();
                        sftp.PingAsync().GetAwaiter().GetResult();
                        pings.Add(one.Elapsed.TotalMilliseconds);
                    }
                    ping.Add(pings.Min());
                    client.Dispose();
                }
                string Cell(List<double> values) => $"{Median(values),6:0.0} ({values.Min():0.0}-{values.Max():0.0})";
                Console.WriteLine($"  {rtt,5} {Cell(greeting),16} {Cell(kex),22} {Cell(connected),16} {Cell(ping),16} {(rtt > 0 ? (Median(connected) / rtt).ToString("0.0") : "-"),14}");
            }
            return 0;
        }

        private static double Median(List<double> values)
        {
            var sorted = values.OrderBy(v => v).ToList();
            return sorted[sorted.Count / 2];
        }
    }
}
