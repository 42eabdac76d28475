using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;
using Xunit.Abstractions;

namespace RescaleSsh.Engine.Tests.SshConfig
{
    /// <summary>
    /// Generated and mutated configs: the module must give either the same answer as ssh -G or a clear error (one
    /// of its three ids); never an answer where ssh refuses the config, never a different answer, never another
    /// exception. Bounded: a fixed number of cases from fixed seeds.
    /// </summary>
    public class SshConfigFuzzTests : IDisposable
    {
        private readonly OpenSshOracle _oracle = new OpenSshOracle();
        private readonly ITestOutputHelper _output;

        public SshConfigFuzzTests(ITestOutputHelper output) => _output = output;

        public void Dispose() => _oracle.Dispose();

        [Theory]
        [InlineData(1201, 150)]
        [InlineData(1202, 150)]
        public void Generated_configs_resolve_as_ssh_G_does_or_fail_clearly(int seed, int cases)
        {
            var fuzzer = new ConfigFuzzer(seed);
            Run(cases, i =>
            {
                var (config, includes) = fuzzer.Generate();
                return (config, includes, fuzzer.PickHost());
            });
        }

        [Theory]
        [InlineData(2301, 200)]
        public void Mutated_corpus_configs_resolve_as_ssh_G_does_or_fail_clearly(int seed, int cases)
        {
            var fuzzer = new ConfigFuzzer(seed);
            var bases = ConfigCorpus.Cases.Where(c => c.SshArgs == null && c.Files == null && !c.Config.Contains("exec", StringComparison.OrdinalIgnoreCase)).ToList();
            Run(cases, i =>
            {
                var source = bases[i % bases.Count];
                return (fuzzer.Mutate(source.Config), new Dictionary<string, string>(), source.Host);
            });
        }

        private void Run(int cases, Func<int, (string Config, Dictionary<string, string> Includes, string Host)> next)
        {
            var counts = new Dictionary<Agreement, int>();
            var failures = new List<string>();
            int skipped = 0;
            for (int i = 0; i < cases; i++)
            {
                var (config, includes, host) = next(i);
                if (config.Contains("exec", StringComparison.OrdinalIgnoreCase) || includes.Values.Any(t => t.Contains("exec", StringComparison.OrdinalIgnoreCase)))
                {
                    skipped++;
                    continue;
                }
                _oracle.Clear();
                foreach (var include in includes) _oracle.Write(Path.Combine(".ssh", include.Key), include.Value);
                string path = _oracle.Write("fuzz_config", config);
                var (agreement, detail) = OracleComparison.Compare(_oracle, path, host);
                counts[agreement] = counts.GetValueOrDefault(agreement) + 1;
                if (agreement == Agreement.ModuleStricter) _output.WriteLine($"stricter, case {i}, host {host}: {detail}");
                if (agreement == Agreement.Different)
                    failures.Add($"case {i}, host {host}: {detail}\n--- config ---\n{config}\n" + string.Join("\n", includes.Select(kv => $"--- {kv.Key} ---\n{kv.Value}")));
            }
            _output.WriteLine(string.Join(", ", counts.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}: {kv.Value}")) + $", skipped (exec): {skipped}");
            Assert.True(failures.Count == 0, string.Join("\n\n", failures.Take(5)));
            // The fuzz must mostly exercise agreement, not only errors.
            Assert.True(counts.GetValueOrDefault(Agreement.Same) >= cases / 10, "too few cases resolved: " + string.Join(", ", counts));
        }
    }
}
