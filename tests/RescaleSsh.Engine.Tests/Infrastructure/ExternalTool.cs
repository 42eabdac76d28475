using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;

namespace RescaleSsh.Engine.Tests.Infrastructure
{
    public sealed record ToolResult(int ExitCode, string StdOut, string StdErr)
    {
        public ToolResult EnsureSuccess(string what)
        {
            if (ExitCode != 0) throw new InvalidOperationException($"{what} exited {ExitCode}: {StdErr}{StdOut}");
            return this;
        }
    }

    /// <summary>Runs the real OpenSSH and PuTTY tools, always with a time limit and an explicit environment.</summary>
    public static class ExternalTool
    {
        public static ToolResult Run(string file, IEnumerable<string> args, IDictionary<string, string> environment = null, string stdin = null, int timeoutSeconds = 60)
        {
            var info = new ProcessStartInfo(file)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
                WorkingDirectory = Path.GetTempPath(),
            };
            foreach (var a in args) info.ArgumentList.Add(a);
            if (environment != null)
            {
                foreach (var pair in environment)
                {
                    if (pair.Value == null) info.Environment.Remove(pair.Key);
                    else info.Environment[pair.Key] = pair.Value;
                }
            }
            using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + file);
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (stdin != null) process.StandardInput.Write(stdin);
            process.StandardInput.Close();
            if (!process.WaitForExit(timeoutSeconds * 1000))
            {
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in {timeoutSeconds}s");
            }
            Task.WaitAll(stdout, stderr);
            return new ToolResult(process.ExitCode, stdout.Result, stderr.Result);
        }

        public static ToolResult Run(string file, params string[] args) => Run(file, args, null);

        public static bool Exists(string file)
        {
            foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
            {
                if (File.Exists(Path.Combine(dir, file))) return true;
            }
            return File.Exists(file);
        }

        /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="seconds"/> pass; no fixed sleeps.</summary>
        public static bool WaitFor(Func<bool> condition, int seconds = 15)
        {
            var deadline = DateTime.UtcNow.AddSeconds(seconds);
            while (DateTime.UtcNow < deadline)
            {
                if (condition()) return true;
                System.Threading.Thread.Sleep(20);
            }
            return condition();
        }
    }
}
