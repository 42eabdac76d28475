using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;

namespace RescaleSsh.Tests.Infrastructure
{
    public sealed record ToolResult(int ExitCode, string StdOut, string StdErr)
    {
        public ToolResult EnsureSuccess(string what)
        {
            if (ExitCode != 0) throw new InvalidOperationException($"{what} exited {ExitCode}: {StdErr}{StdOut}");
            return this;
        }
    }

    /// <summary>Runs the real OpenSSH and PuTTY tools (ssh-keygen, ssh, sftp, puttygen), always with a time limit.</summary>
    public static class ExternalTool
    {
        public static ToolResult Run(string file, string[] args, string stdin = null, int timeoutSeconds = 60, string workingDirectory = null)
        {
            var info = new ProcessStartInfo(file)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
                WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
            };
            foreach (var a in args) info.ArgumentList.Add(a);
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

        /// <summary>True when the tool can be found on PATH.</summary>
        public static bool Exists(string file)
        {
            foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
            {
                if (File.Exists(Path.Combine(dir, file))) return true;
            }
            return File.Exists(file);
        }
    }
}
