using System;
using System.Linq;

namespace RescaleSsh.Bench
{
    /// <summary>Benchmarks against OpenSSH on the same loopback sshd: <c>dotnet run -c Release --project bench/RescaleSsh.Bench -- transfer</c>.</summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            string which = args.Length > 0 ? args[0] : "";
            string[] rest = args.Skip(1).ToArray();
            switch (which)
            {
                case "transfer":
                    return TransferBenchmark.Run(rest);
                default:
                    Console.Error.WriteLine("usage: RescaleSsh.Bench transfer [options]   (see TransferBenchmark for options)");
                    return 2;
            }
        }
    }
}
