using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using RescaleSsh.Engine.Tests.Infrastructure;

namespace RescaleSsh.Engine.Tests.Agents
{
    /// <summary>
    /// A real OpenSSH ssh-agent on a socket in a temp folder, run in the foreground (-D) so that Dispose ends exactly
    /// the process it started. Its SSH_ASKPASS is /bin/false: a key added with ssh-add -c asks for a confirmation
    /// that can never be given, which is how a declined confirmation looks to a client.
    /// </summary>
    public sealed class OpenSshAgent : IDisposable
    {
        private readonly Process _process;
        private readonly TempFolder _folder;

        public string SocketPath { get; }

        public OpenSshAgent(TempFolder folder)
        {
            _folder = folder;
            SocketPath = folder.Combine("agent.sock");
            var info = new ProcessStartInfo("ssh-agent") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "-D", "-a", SocketPath }) info.ArgumentList.Add(a);
            info.Environment["SSH_ASKPASS"] = "/bin/false";
            info.Environment["SSH_ASKPASS_REQUIRE"] = "force";
            info.Environment["DISPLAY"] = ":0";
            _process = Process.Start(info) ?? throw new InvalidOperationException("could not start ssh-agent");
            _process.OutputDataReceived += (_, _) => { };
            _process.ErrorDataReceived += (_, _) => { };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            if (!ExternalTool.WaitFor(() => AgentSocket.Listening(SocketPath) || _process.HasExited))
                throw new InvalidOperationException("ssh-agent did not listen on its socket");
            if (_process.HasExited) throw new InvalidOperationException("ssh-agent exited at once");
        }

        /// <summary>ssh-add, with the passphrase from an askpass script when the key is encrypted; -c when it must be confirmed.</summary>
        public void Add(string keyPath, string passphrase = null, bool confirm = false)
        {
            var env = new Dictionary<string, string> { ["SSH_AUTH_SOCK"] = SocketPath, ["DISPLAY"] = ":0" };
            if (passphrase != null)
            {
                string askpass = _folder.Combine("askpass-" + Guid.NewGuid().ToString("N").Substring(0, 6) + ".sh");
                File.WriteAllText(askpass, "#!/bin/sh\necho '" + passphrase + "'\n");
                if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(askpass, UnixFileMode.UserRead | UnixFileMode.UserExecute);
                env["SSH_ASKPASS"] = askpass;
                env["SSH_ASKPASS_REQUIRE"] = "force";
            }
            else
            {
                env["SSH_ASKPASS_REQUIRE"] = "never";
            }
            var args = new List<string>();
            if (confirm) args.Add("-c");
            args.Add(keyPath);
            ExternalTool.Run("ssh-add", args, env).EnsureSuccess("ssh-add");
        }

        /// <summary>ssh-add -d: the agent forgets a key.</summary>
        public void Remove(string keyPath) =>
            ExternalTool.Run("ssh-add", new[] { "-d", keyPath }, new Dictionary<string, string> { ["SSH_AUTH_SOCK"] = SocketPath }).EnsureSuccess("ssh-add -d");

        /// <summary>Kills the agent with SIGKILL: its socket file stays behind with nobody listening, as after a crash.</summary>
        public void Crash()
        {
            _process.Kill();
            _process.WaitForExit(10_000);
        }

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited) { _process.Kill(); _process.WaitForExit(10_000); }
            }
            catch (InvalidOperationException) { }
            _process.Dispose();
        }
    }
}
