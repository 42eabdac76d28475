using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using RescaleSsh.Engine.Tests.Infrastructure;

namespace RescaleSsh.Engine.Tests.Agents
{
    /// <summary>
    /// PuTTY's Unix Pageant holding .ppk keys, run headless as <c>pageant KEYS --symlink PATH --exec sleep N</c>:
    /// it lives as long as the sleep and publishes its socket at PATH. Dispose ends the process tree it started.
    /// Needs the Debian package putty (Pageant) and putty-tools (puttygen).
    /// </summary>
    public sealed class PageantAgent : IDisposable
    {
        private readonly Process _process;

        public string SocketPath { get; }

        public static bool Installed => ExternalTool.Exists("pageant") && ExternalTool.Exists("puttygen");

        public PageantAgent(TempFolder folder, IEnumerable<string> ppkFiles)
        {
            SocketPath = folder.Combine("pageant.sock");
            var info = new ProcessStartInfo("pageant") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
            foreach (var f in ppkFiles) info.ArgumentList.Add(f);
            foreach (var a in new[] { "--symlink", SocketPath, "--exec", "sleep", "600" }) info.ArgumentList.Add(a);
            _process = Process.Start(info) ?? throw new InvalidOperationException("could not start pageant");
            _process.OutputDataReceived += (_, _) => { };
            _process.ErrorDataReceived += (_, _) => { };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            if (!ExternalTool.WaitFor(() => File.Exists(SocketPath) || _process.HasExited))
                throw new InvalidOperationException("pageant did not create its socket");
            if (_process.HasExited) throw new InvalidOperationException("pageant exited at once");
        }

        /// <summary>A .ppk (unencrypted) made by puttygen, and its OpenSSH public line.</summary>
        public static (string Ppk, string PublicLine) NewKey(TempFolder folder, string type, int bits, string comment)
        {
            string ppk = folder.Combine($"{comment}.ppk");
            string empty = folder.Combine("empty-passphrase");
            File.WriteAllText(empty, "");
            var args = new List<string> { "-t", type, "-o", ppk, "--new-passphrase", empty, "-C", comment };
            if (bits > 0) { args.Add("-b"); args.Add(bits.ToString()); }
            ExternalTool.Run("puttygen", args).EnsureSuccess("puttygen");
            string line = ExternalTool.Run("puttygen", ppk, "-L").EnsureSuccess("puttygen -L").StdOut.Trim();
            return (ppk, line);
        }

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited) { _process.Kill(entireProcessTree: true); _process.WaitForExit(10_000); }
            }
            catch (InvalidOperationException) { }
            _process.Dispose();
        }
    }
}
