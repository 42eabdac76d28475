using System;
using System.Runtime.InteropServices;
using RescaleSsh.Platform;

namespace RescaleSsh.Agents
{
    /// <summary>
    /// Chooses the agent to talk to, in OpenSSH's order and then Windows': an explicit socket or pipe (-AgentPath,
    /// or IdentityAgent from ssh_config), else SSH_AUTH_SOCK, else on Windows the OpenSSH agent's pipe
    /// <c>\\.\pipe\openssh-ssh-agent</c> and then Pageant's pipe. Only decides; nothing is connected here.
    /// </summary>
    public sealed class AgentLocator
    {
        public const string OpenSshPipe = @"\\.\pipe\openssh-ssh-agent";
        public const string AuthSockVariable = "SSH_AUTH_SOCK";

        private readonly Func<string, string> _environment;
        private readonly bool _isWindows;
        private readonly Func<string, bool> _pipeExists;
        private readonly Func<string> _pageantPipe;

        /// <summary>The locator for this process: its environment, OS and named pipes.</summary>
        public static AgentLocator ForThisProcess { get; } = new AgentLocator(
            Environment.GetEnvironmentVariable,
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows),
            WindowsPipes.Exists,
            PageantPipeName.ForCurrentUser);

        /// <param name="environment">Reads an environment variable (null when unset).</param>
        /// <param name="isWindows">Whether the Windows pipes are candidates.</param>
        /// <param name="pipeExists">Whether a <c>\\.\pipe\…</c> path exists, without connecting.</param>
        /// <param name="pageantPipe">Pageant's pipe name for this user.</param>
        public AgentLocator(Func<string, string> environment, bool isWindows, Func<string, bool> pipeExists, Func<string> pageantPipe)
        {
            _environment = environment ?? throw new ArgumentNullException(nameof(environment));
            _isWindows = isWindows;
            _pipeExists = pipeExists ?? (_ => false);
            _pageantPipe = pageantPipe;
        }

        /// <summary>
        /// The transport for <paramref name="explicitPath"/> when given (a <c>\\.\pipe\…</c> name is a pipe, anything
        /// else a socket file; the literal SSH_AUTH_SOCK means "the variable", as ssh_config's IdentityAgent allows),
        /// else the first agent found. Throws AgentNotFound, naming what was tried, when there is none.
        /// </summary>
        public IAgentTransport Locate(string explicitPath = null)
        {
            if (!string.IsNullOrEmpty(explicitPath) && explicitPath != AuthSockVariable) return ForPath(explicitPath);

            string socket = _environment(AuthSockVariable);
            if (!string.IsNullOrEmpty(socket)) return ForPath(socket);
            if (explicitPath == AuthSockVariable) throw AgentErrors.NotFound("SSH_AUTH_SOCK is not set");
            if (!_isWindows) throw AgentErrors.NotFound("SSH_AUTH_SOCK is not set");

            if (_pipeExists(OpenSshPipe)) return new NamedPipeAgentTransport(OpenSshPipe);
            string pageant = PageantPipe();
            if (pageant != null && _pipeExists(pageant)) return new NamedPipeAgentTransport(pageant, allowLocalSystemOwner: false);
            throw AgentErrors.NotFound("SSH_AUTH_SOCK is not set, the OpenSSH Authentication Agent service's pipe is absent and Pageant is not running");
        }

        /// <summary>A transport for a path the user named: a pipe for <c>\\.\pipe\…</c>, else a Unix socket.</summary>
        public static IAgentTransport ForPath(string path) =>
            NamedPipeAgentTransport.IsPipePath(path) ? (IAgentTransport)new NamedPipeAgentTransport(path) : new UnixSocketAgentTransport(path);

        private string PageantPipe()
        {
            try
            {
                return _pageantPipe?.Invoke();
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception || e is DllNotFoundException || e is EntryPointNotFoundException)
            {
                return null; // no user name or no crypt32: Pageant cannot be found, and the not-found error says so
            }
        }
    }
}
