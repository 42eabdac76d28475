using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace RescaleSsh.Bench
{
    /// <summary>
    /// Times key generation per type: New-RescaleKeyPair (in a hosted runspace, files written as users get them)
    /// beside `ssh-keygen -q -t … -N '' -f …` (a process per key, as users run it). Runs alternate between the
    /// two so that machine noise falls on both; RSA prime search varies a lot from key to key, so the mean of
    /// several runs is the figure to compare. Target: RSA-4096 within 1.2× ssh-keygen.
    /// </summary>
    public static class KeyGenerationBenchmark
    {
        private static readonly (string Name, string Algorithm, int? Size, string Type, int Bits, int Weight, bool Encrypted)[] Types =
        {
            ("RSA-2048", "RSA", 2048, "rsa", 2048, 1, false),
            ("RSA-4096", "RSA", 4096, "rsa", 4096, 1, false),
            ("Ed25519", "Ed25519", null, "ed25519", 256, 3, false),
            ("ECDSA-256", "ECDSA", 256, "ecdsa", 256, 3, false),
            ("ECDSA-384", "ECDSA", 384, "ecdsa", 384, 3, false),
            ("ECDSA-521", "ECDSA", 521, "ecdsa", 521, 3, false),
            // With a passphrase: bcrypt_pbkdf, 16 rounds (ours is managed code, ssh-keygen's is C).
            ("Ed25519+pw", "Ed25519", null, "ed25519", 256, 1, true),
        };

        public static int Run(string[] args)
        {
            int runs = args.Length > 0 ? int.Parse(args[0]) : 10;
            string folder = Path.Combine(Path.GetTempPath(), "rescalessh-bench-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(folder);
            try
            {
                using var host = new BenchHost();
                // Warm up both paths (JIT, module load, page cache) before timing.
                host.Invoke("$benchPass = [System.Security.SecureString]::new(); '" + Passphrase + "'.ToCharArray() | ForEach-Object { $benchPass.AppendChar($_) }");
                host.Invoke($"New-RescaleKeyPair -Path '{folder}/warm' -Algorithm ECDSA -Comment bench -Force");
                SshKeygen("ecdsa", 256, Path.Combine(folder, "warm-ssh"), "");

                Console.WriteLine($"Key generation, {runs} runs per type (x3 for Ed25519/ECDSA), {Environment.ProcessorCount} CPUs, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
                Console.WriteLine($"{"type",-10} {"ours mean",10} {"ours med",10} {"ssh-keygen mean",16} {"ssh-keygen med",15} {"ratio(mean)",12}");
                foreach (var t in Types)
                {
                    int n = runs * t.Weight;
                    var ours = new List<double>();
                    var theirs = new List<double>();
                    string sizeArg = (t.Size.HasValue ? $" -KeySize {t.Size}" : "") + (t.Encrypted ? " -Passphrase $benchPass" : "");
                    for (int i = 0; i < n; i++)
                    {
                        string a = Path.Combine(folder, "ours-" + t.Name), b = Path.Combine(folder, "ssh-" + t.Name);
                        var clock = Stopwatch.StartNew();
                        host.Invoke($"New-RescaleKeyPair -Path '{a}' -Algorithm {t.Algorithm}{sizeArg} -Comment bench -Force");
                        ours.Add(clock.Elapsed.TotalMilliseconds);
                        foreach (var f in new[] { b, b + ".pub" }) if (File.Exists(f)) File.Delete(f);
                        clock.Restart();
                        SshKeygen(t.Type, t.Bits, b, t.Encrypted ? Passphrase : "");
                        theirs.Add(clock.Elapsed.TotalMilliseconds);
                    }
                    Console.WriteLine($"{t.Name,-10} {ours.Average(),8:F1}ms {Median(ours),8:F1}ms {theirs.Average(),14:F1}ms {Median(theirs),13:F1}ms {ours.Average() / theirs.Average(),11:F2}x");
                }
                return 0;
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        private const string Passphrase = "bench passphrase";

        private static void SshKeygen(string type, int bits, string path, string passphrase)
        {
            var info = new ProcessStartInfo("ssh-keygen") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "-q", "-t", type, "-b", bits.ToString(), "-N", passphrase, "-C", "bench", "-f", path }) info.ArgumentList.Add(a);
            using var p = Process.Start(info);
            p.StandardOutput.ReadToEnd();
            p.StandardError.ReadToEnd();
            if (!p.WaitForExit(300_000) || p.ExitCode != 0) throw new InvalidOperationException("ssh-keygen failed for " + type);
        }

        private static double Median(List<double> values)
        {
            var sorted = values.OrderBy(v => v).ToList();
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        }
    }
}
