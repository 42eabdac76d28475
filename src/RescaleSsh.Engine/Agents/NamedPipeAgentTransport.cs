using System;
using System.IO;
using System.IO.Pipes;
using System.Runtime.InteropServices;
using System.Threading;
using RescaleSsh.Platform;

namespace RescaleSsh.Agents
{
    /// <summary>
    /// An agent listening on a Windows named pipe: Win32-OpenSSH's <c>\\.\pipe\openssh-ssh-agent</c> or Pageant
    /// 0.75+'s <c>\\.\pipe\pageant.USER.HASH</c> (see <see cref="PageantPipeName"/>). The framing is the agent
    /// protocol's own, as on a Unix socket. (.NET maps a pipe name to a Unix socket on other systems, which lets the
    /// tests run this transport everywhere.)
    /// </summary>
    public sealed class NamedPipeAgentTransport : IAgentTransport
    {
        private const string PipePrefix = @"\\.\pipe\";

        /// <param name="pipe">A pipe name, with or without the <c>\\.\pipe\</c> prefix.</param>
        /// <param name="allowLocalSystemOwner">
        /// Whether a pipe owned by LocalSystem is trusted (the Win32-OpenSSH agent service); false for Pageant, whose
        /// pipe must be the user's own. On Windows a pipe owned by anyone else is refused (AgentUnavailable).
        /// </param>
        public NamedPipeAgentTransport(string pipe, bool allowLocalSystemOwner = true)
        {
            AllowLocalSystemOwner = allowLocalSystemOwner;
            if (string.IsNullOrEmpty(pipe)) throw new ArgumentException("The agent pipe name is empty.", nameof(pipe));
            PipeName = pipe.StartsWith(PipePrefix, StringComparison.OrdinalIgnoreCase) ? pipe.Substring(PipePrefix.Length) : pipe;
            if (PipeName.Length == 0) throw new ArgumentException("The agent pipe name is empty.", nameof(pipe));
        }

        /// <summary>The pipe's name without the <c>\\.\pipe\</c> prefix.</summary>
        public string PipeName { get; }

        public string Name => PipePrefix + PipeName;

        public bool AllowLocalSystemOwner { get; }

        /// <summary>True when <paramref name="path"/> names a local Windows pipe (<c>\\.\pipe\…</c>) rather than a socket file.</summary>
        public static bool IsPipePath(string path) => path != null && path.StartsWith(PipePrefix, StringComparison.OrdinalIgnoreCase);

        public Stream Connect(TimeSpan timeout, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var pipe = new NamedPipeClientStream(".", PipeName, PipeDirection.InOut, PipeOptions.Asynchronous);
            try
            {
                // ConnectAsync honours the token and the timeout on every runtime; Connect(int) would not see Ctrl+C.
                pipe.ConnectAsync(ClampedMilliseconds(timeout), cancellationToken).GetAwaiter().GetResult();
                if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows) && !WindowsPipeOwner.IsTrusted(pipe.SafePipeHandle, AllowLocalSystemOwner))
                    throw AgentErrors.NotTrusted(Name);
                return pipe;
            }
            catch (TimeoutException)
            {
                pipe.Dispose();
                throw AgentErrors.NotFound($"no agent answered on pipe '{Name}' within {timeout.TotalSeconds:0.#} s");
            }
            catch (IOException e)
            {
                pipe.Dispose();
                throw AgentErrors.Unavailable(Name, e);
            }
            catch (UnauthorizedAccessException e)
            {
                pipe.Dispose();
                throw AgentErrors.Unavailable(Name, e);
            }
            catch
            {
                pipe.Dispose();
                throw;
            }
        }

        private static int ClampedMilliseconds(TimeSpan timeout) =>
            timeout.TotalMilliseconds >= int.MaxValue ? int.MaxValue : Math.Max(1, (int)timeout.TotalMilliseconds);
    }
}
