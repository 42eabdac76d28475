using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using RescaleSsh.Tests.Infrastructure;

namespace RescaleSsh.Tests.Agents
{
    /// <summary>
    /// A real agent for login tests: OpenSSH's ssh-agent (-D, foreground, on a socket in a temp folder; SSH_ASKPASS
    /// /bin/false so that a confirm-on-use key is refused) or PuTTY's Unix Pageant (pageant KEYS --symlink PATH
    /// --exec sleep). Dispose ends the process it started, by its id.
    /// </summary>
    public sealed class LoginAgent : IDisposable
    {
        private readonly Process _process;
        private readonly TempFolder _folder;

        public string SocketPath { get; }

        private LoginAgent(TempFolder folder, string socket, ProcessStartInfo info)
        {
            _folder = folder;
            SocketPath = socket;
            info.UseShellExecute = false;
            info.RedirectStandardOutput = true;
            info.RedirectStandardError = true;
            _process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + info.FileName);
            _process.OutputDataReceived += (_, _) => { };
            _process.ErrorDataReceived += (_, _) => { };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (!RescaleSsh.Engine.Tests.Infrastructure.AgentSocket.Listening(socket) && !_process.HasExited && DateTime.UtcNow < deadline) System.Threading.Thread.Sleep(20);
            if (!RescaleSsh.Engine.Tests.Infrastructure.AgentSocket.Listening(socket)) throw new InvalidOperationException(info.FileName + " did not listen on its socket");
        }

        public static LoginAgent OpenSsh(TempFolder folder)
        {
            string socket = folder.Combine("agent.sock");
            var info = new ProcessStartInfo("ssh-agent");
            foreach (var a in new[] { "-D", "-a", socket }) info.ArgumentList.Add(a);
            info.Environment["SSH_ASKPASS"] = "/bin/false";
            info.Environment["SSH_ASKPASS_REQUIRE"] = "force";
            info.Environment["DISPLAY"] = ":0";
            return new LoginAgent(folder, socket, info);
        }

        public static LoginAgent Pageant(TempFolder folder, params string[] ppkFiles)
        {
            string socket = folder.Combine("pageant.sock");
            var info = new ProcessStartInfo("pageant");
            foreach (var f in ppkFiles) info.ArgumentList.Add(f);
            foreach (var a in new[] { "--symlink", socket, "--exec", "sleep", "600" }) info.ArgumentList.Add(a);
            return new LoginAgent(folder, socket, info);
        }

        /// <summary>A new OpenSSH key (ssh-keygen), returning the private key path.</summary>
        public static string NewKey(TempFolder folder, string type, int bits, string comment)
        {
            string path = folder.Combine($"id_{type}{bits}_{comment}");
            var args = new List<string> { "-q", "-t", type, "-N", "", "-C", comment, "-f", path };
            if (bits > 0) { args.Add("-b"); args.Add(bits.ToString()); }
            ExternalTool.Run("ssh-keygen", args.ToArray()).EnsureSuccess("ssh-keygen");
            return path;
        }

        public static string Fingerprint(string keyPath) =>
            ExternalTool.Run("ssh-keygen", "-l", "-E", "sha256", "-f", keyPath + ".pub").EnsureSuccess("ssh-keygen -l").StdOut.Split(' ')[1];

        /// <summary>ssh-add KEY (-c: confirm each use).</summary>
        public void Add(string keyPath, bool confirm = false)
        {
            var args = new List<string> { "SSH_AUTH_SOCK=" + SocketPath, "SSH_ASKPASS_REQUIRE=never", "ssh-add" };
            if (confirm) args.Add("-c");
            args.Add(keyPath);
            ExternalTool.Run("env", args.ToArray()).EnsureSuccess("ssh-add");
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
