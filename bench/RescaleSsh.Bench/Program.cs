using System;

namespace RescaleSsh.Bench
{
    /// <summary>
    /// Benchmarks against OpenSSH on this machine. Usage: dotnet run -c Release --project bench/RescaleSsh.Bench -- &lt;case&gt; [options]
    ///   keys [runs]   key generation per type, New-RescaleKeyPair beside ssh-keygen
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
                default:
                    Console.Error.WriteLine("usage: RescaleSsh.Bench <case> [options]\n  keys [runs]   key generation: New-RescaleKeyPair vs ssh-keygen");
                    return 2;
            }
        }
    }
}
