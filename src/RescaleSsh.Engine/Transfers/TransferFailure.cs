using System;
using System.IO;
using System.Net.Sockets;
using Renci.SshNet.Common;

namespace RescaleSsh.Transfers
{
    /// <summary>Turns SSH.NET, socket and file-system failures met while copying into RescaleSshExceptions about one file.</summary>
    internal static class TransferFailure
    {
        public static RescaleSshException Translate(Exception exception, string target, string action)
        {
            if (exception is AggregateException aggregate && aggregate.InnerExceptions.Count == 1) exception = aggregate.InnerException;
            switch (exception)
            {
                case RescaleSshException known:
                    return known;
                case SftpPathNotFoundException _:
                case FileNotFoundException _:
                case DirectoryNotFoundException _:
                    return new RescaleSshException("PathNotFound", FailureCategory.ObjectNotFound,
                        $"Cannot {action} '{target}': a path does not exist ({exception.Message}). Check the path, and that the destination's folder exists.",
                        target, exception);
                case SftpPermissionDeniedException _:
                case UnauthorizedAccessException _:
                    return new RescaleSshException("PermissionDenied", FailureCategory.PermissionDenied,
                        $"Cannot {action} '{target}': permission denied ({exception.Message}).", target, exception);
                case SshConnectionException _:
                case SocketException _:
                case ObjectDisposedException _:
                case SshOperationTimeoutException _:
                    return new RescaleSshException("ConnectionLost", FailureCategory.ConnectionError,
                        $"The connection broke while trying to {action} '{target}' ({exception.Message}). Nothing was written under the final name; rerun with -Resume to continue from the bytes already transferred.",
                        target, exception);
                case SftpException sftp:
                    return new RescaleSshException("SftpError", FailureCategory.WriteError,
                        $"Cannot {action} '{target}': the device answered '{sftp.Message}'.", target, exception);
                case SshException ssh:
                    return new RescaleSshException("SftpError", FailureCategory.WriteError,
                        $"Cannot {action} '{target}': {ssh.Message}", target, exception);
                case IOException io:
                    return new RescaleSshException("LocalIOError", FailureCategory.WriteError,
                        $"Cannot {action} '{target}': {io.Message}", target, exception);
                default:
                    return new RescaleSshException("TransferFailed", FailureCategory.NotSpecified,
                        $"Cannot {action} '{target}': {exception.Message}", target, exception);
            }
        }
    }
}
