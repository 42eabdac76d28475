using System;
using System.Collections.Generic;
using System.Globalization;

namespace RescaleSsh.Bench.Experiments
{
    /// <summary>EXPERIMENT ONLY: --name value pairs.</summary>
    public sealed class ExperimentOptions
    {
        private readonly Dictionary<string, string> _values = new Dictionary<string, string>();

        public static ExperimentOptions Parse(string[] args)
        {
            var options = new ExperimentOptions();
            for (int i = 0; i < args.Length; i += 2)
            {
                if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length) throw new ArgumentException("expected --name value, got " + args[i]);
                options._values[args[i].Substring(2)] = args[i + 1];
            }
            return options;
        }

        public int Int(string name, int fallback) => _values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        public string Text(string name, string fallback) => _values.TryGetValue(name, out var v) ? v : fallback;
    }
}
