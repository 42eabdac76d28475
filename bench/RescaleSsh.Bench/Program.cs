using System;

namespace RescaleSsh.Bench
{
    /// <summary>
    /// Benchmarks against OpenSSH on this machine. Usage: dotnet run -c Release --project bench/RescaleSsh.Bench -- &lt;case&gt; [options]
    ///   keys [runs]   key generation per type, New-RescaleKeyPair beside ssh-keygen
    ///   authorized-keys [devices] [runs] [throttle]   one key onto many devices: Add-RescaleAuthorizedKey vs the seed's ssh one-liner in a loop
    ///   known-hosts-memory [lines] [devices], authorized-keys-memory [MB]   memory against huge known_hosts / authorized_keys (HardeningMemoryBenchmark)
    ///   ssh-config [hosts] [rounds]   resolving devices through a long ~/.ssh/config: Get-RescaleDevice vs ssh -G
    ///   transfer [--large-mib 1024] [--small-count 2000] [--small-kib 4] [--memory-mib 2048] [--rounds 2]   Copy-RescaleItem vs OpenSSH sftp -b
    ///   wan [--rtt-ms 40] [--large-mib 200] [--small-count 200] [--rounds 3] [--tools module,sftp,rclone]   the same through a delay proxy, beside rclone
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            string which = args.Length > 0 ? args[0] : "";
            string[] rest = args.Length > 1 ? args[1..] : Array.Empty<string>();
            switch (which)
            {
                case "keys":
                    return KeyGenerationBenchmark.Run(rest);
                case "authorized-keys":
                    return AuthorizedKeysBenchmark.Run(rest);
                case "transfer":
                    return TransferBenchmark.Run(rest);
                case "known-hosts-memory":
                    return HardeningMemoryBenchmark.KnownHosts(rest);
                case "authorized-keys-memory":
                    return HardeningMemoryBenchmark.AuthorizedKeys(rest);
                case "ssh-config":
                    return SshConfigBenchmark.Run(rest);
                case "items":
                case "invoke":
                    return ItemsBenchmark.Run(which, rest);
                case "wan":
                    return WanBenchmark.Run(rest);
                case "experiment":
                    // Throwaway design experiments for issue 14 (Experiments/), not benchmarks of the module.
                    string name = rest.Length > 0 ? rest[0] : "";
                    string[] options = rest.Length > 1 ? rest[1..] : Array.Empty<string>();
                    switch (name)
                    {
                        case "ranges": return Experiments.RangesExperiment.Run(options);
                        case "small": return Experiments.SmallFilesExperiment.Run(options);
                        case "limits": return Experiments.LimitsExperiment.Run(options);
                        case "rtt": return Experiments.RoundTripExperiment.Run(options);
                        default:
                            Console.Error.WriteLine("experiment ranges|small|limits|rtt [options]: see bench/RescaleSsh.Bench/Experiments/");
                            return 2;
                    }
                default:
                    Console.Error.WriteLine("usage: RescaleSsh.Bench <case> [options]\n" +
                        "  keys [runs]   key generation: New-RescaleKeyPair vs ssh-keygen\n" +
                        "  authorized-keys [devices] [runs] [throttle]   Add-RescaleAuthorizedKey -ThrottleLimit 8 vs a loop of the seed's cat | ssh one-liner\n  transfer [--large-mib 1024] [--small-count 2000] [--small-kib 4] [--memory-mib 2048] [--rounds 2]   Copy-RescaleItem vs OpenSSH sftp -b\n" +
                        "  ssh-config [hosts] [rounds]   resolving devices through a long ~/.ssh/config: Get-RescaleDevice vs ssh -G\n" +
                        "  items [entries] [runs] [flat] [rtt=MS]   Get-RescaleChildItem -Recurse vs ssh find -printf and rclone lsl (rtt: through a delay proxy)\n  invoke [devices] [runs]   Invoke-RescaleCommand vs a sequential ssh loop and xargs -P 8 ssh\n" +
                        "  known-hosts-memory [lines] [devices], authorized-keys-memory [MB]   peak memory against a huge known_hosts / authorized_keys\n" +
                        "  experiment <ranges|small|limits|rtt> [--option value ...]   issue 14's throwaway measurements (Experiments/README.md)\n" +
                        "  wan [--rtt-ms 40] [--large-mib 200] [--small-count 200] [--small-kib 4] [--rounds 3] [--tools module,sftp,rclone,sftp-tuned] [--module-args \"-ThrottleLimit 32\"] [--cells large-up,large-down,small-up,small-down] [--proxy 1]   through a delay proxy (0 ms = plain loopback)");
                    return 2;
            }
        }
    }
}
