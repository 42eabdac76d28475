using System;
using System.IO;
using System.Net.Sockets;
using Renci.SshNet.Common;
using RescaleSsh.Connections;

namespace RescaleSsh
{
    /// <summary>
    /// The one place where SSH.NET, socket and file-system failures met while working on a path (a file copied, an
    /// authorized_keys edited, a key file read) become RescaleSshExceptions, with one id per condition:
    /// PathNotFound, PermissionDenied, ConnectionLost, SftpError (the device refused a request), LocalIOError and
    /// UnexpectedError; and those met while connecting (<see cref="Connect"/>): ConnectionRefused, HostNotFound,
    /// ConnectionTimedOut, NotAnSshServer, AuthenticationFailed, ConnectionFailed, or the host key refusal.
    /// </summary>
    internal static class FailureTranslator
    {
        /// <summary>True when the connection closed before the server identified itself (a MaxStartups drop, or no SSH server).</summary>
        public static bool ClosedBeforeIdentification(Exception ex)
        {
            if (ex is AggregateException aggregate && aggregate.InnerExceptions.Count == 1) ex = aggregate.InnerException;
            return ex is SshConnectionException && ex.Message.IndexOf("identification", StringComparison.OrdinalIgnoreCase) >= 0;
        }

        /// <param name="exception">What failed.</param>
        /// <param name="subject">The path the failure is about, as the user knows it (the message names it).</param>
        /// <param name="action">What was being done, as a verb phrase ("upload", "read", "create the folder").</param>
        /// <param name="writing">Whether the action changes something (WriteError) or only reads (ReadError).</param>
        /// <param name="afterConnectionLoss">What the user should do when the connection broke: the caller knows what it left behind.</param>
        /// <param name="localIsRemote">True where every stream is an SSH.NET one, so an IOException means the link broke.</param>
        /// <param name="target">The error record's target when it is not <paramref name="subject"/> (e.g. the device).</param>
        public static RescaleSshException Translate(Exception exception, string subject, string action, bool writing,
            string afterConnectionLoss = "Run the command again.", bool localIsRemote = false, object target = null)
        {
            target = target ?? subject;
            if (exception is AggregateException aggregate && aggregate.InnerExceptions.Count == 1) exception = aggregate.InnerException;
            switch (exception)
            {
                case RescaleSshException known:
                    return known;
                case SftpPathNotFoundException _:
                case FileNotFoundException _:
                case DirectoryNotFoundException _:
                    return new RescaleSshException("PathNotFound", FailureCategory.ObjectNotFound,
                        $"Cannot {action} '{subject}': a path does not exist ({exception.Message}). Check the path, and that the destination's folder exists.",
                        target, exception);
                case SftpPermissionDeniedException _:
                case UnauthorizedAccessException _:
                    return new RescaleSshException("PermissionDenied", FailureCategory.PermissionDenied,
                        $"Cannot {action} '{subject}': permission denied ({exception.Message}). Check the owner and mode of the file and its folder.",
                        target, exception);
                case SshConnectionException _:
                case SocketException _:
                case ObjectDisposedException _:
                case SshOperationTimeoutException _:
                case IOException _ when localIsRemote:
                    return new RescaleSshException("ConnectionLost", FailureCategory.ConnectionError,
                        $"The connection broke while trying to {action} '{subject}' ({exception.Message}). {afterConnectionLoss}",
                        target, exception);
                case SshException ssh:
                    return new RescaleSshException("SftpError", writing ? FailureCategory.WriteError : FailureCategory.ReadError,
                        $"Cannot {action} '{subject}': the device answered '{DisplayText.Visible(ssh.Message)}'.", target, exception);
                case IOException io:
                    return new RescaleSshException("LocalIOError", writing ? FailureCategory.WriteError : FailureCategory.ReadError, $"Cannot {action} '{subject}': {io.Message}", target, exception);
                default:
                    return new RescaleSshException("UnexpectedError", FailureCategory.NotSpecified, $"Cannot {action} '{subject}': {exception.Message}", target, exception);
            }
        }

        /// <param name="refusal">The host key check's refusal, which wins over the failure it caused.</param>
        /// <param name="login">How the login was attempted ("the key '~/.ssh/id_rsa'"), for an authentication failure.</param>
        /// <param name="busy">The connection closed before the identification, and the device is an SSH server refusing more connections (MaxStartups).</param>
        public static RescaleSshException Connect(Exception ex, Device device, int connectTimeoutSeconds, RescaleSshException refusal, string login, bool busy = false)
        {
            if (refusal != null) return refusal;
            if (ex is AggregateException aggregate && aggregate.InnerExceptions.Count == 1) ex = aggregate.InnerException;
            string where = $"{device.ComputerName}:{device.Port}";
            switch (ex)
            {
                case RescaleSshException known:
                    return known;
                case SshAuthenticationException _:
                    return new RescaleSshException("AuthenticationFailed", FailureCategory.AuthenticationError,
                        $"{DisplayText.Visible(device.ToString())} refused {login ?? "the login"} (permission denied). The Host ID (user name) '{DisplayText.Visible(device.UserName)}' may be wrong: a device refuses an unknown user the same way. " +
                        "Otherwise install the matching public key with Add-RescaleAuthorizedKey, or pass the right -KeyFilePath or -Credential.",
                        device, ex);
                case SocketException socket when socket.SocketErrorCode == SocketError.ConnectionRefused:
                    return new RescaleSshException("ConnectionRefused", FailureCategory.ConnectionError,
                        $"Nothing accepts connections at {where} (connection refused). Check that the device is running and that the address and -Port are right.",
                        device, ex);
                case SocketException socket when socket.SocketErrorCode == SocketError.HostNotFound ||
                                                 socket.SocketErrorCode == SocketError.NoData || socket.SocketErrorCode == SocketError.TryAgain:
                    return new RescaleSshException("HostNotFound", FailureCategory.ObjectNotFound,
                        $"The name '{device.ComputerName}' cannot be resolved. Check the spelling, or use the device's IP address.", device, ex);
                case SocketException socket when socket.SocketErrorCode == SocketError.TimedOut:
                case SshOperationTimeoutException _:
                    return new RescaleSshException("ConnectionTimedOut", FailureCategory.OperationTimeout,
                        $"{where} did not complete an SSH connection within {connectTimeoutSeconds} s. Check that the device is up and reachable, or raise -ConnectTimeout.",
                        device, ex);
                case SshException _ when busy:
                    return new RescaleSshException("ConnectionRefused", FailureCategory.ConnectionError,
                        $"{where} is an SSH server but refused one more connection (it closed it before identifying itself, as sshd does while too many " +
                        "connections are still logging in: MaxStartups). Try again in a moment, or open fewer connections at once (-ThrottleLimit).", device, ex);
                case SshException ssh when ssh.Message.IndexOf("identification", StringComparison.OrdinalIgnoreCase) >= 0:
                    return new RescaleSshException("NotAnSshServer", FailureCategory.ProtocolError,
                        $"{where} answered, but not as an SSH server. Check the -Port: SSH usually listens on 22.", device, ex);
                default:
                    // SSH.NET's message may quote the device (its version string, its disconnect reason): shown, not run.
                    return new RescaleSshException("ConnectionFailed", FailureCategory.ConnectionError,
                        $"The SSH connection to {where} failed: {DisplayText.Visible(ex.Message)}", device, ex);
            }
        }
    }
}
