using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Sockets;
using System.Threading;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace RescaleSsh.Connections
{
    /// <summary>
    /// Opens authenticated connections to devices: reads the key first (so a bad key fails before any
    /// network traffic), checks the host key during key exchange, records a new host key only after a
    /// successful login under AcceptNew, and turns every SSH.NET and socket failure into a
    /// RescaleSshException with a stable id.
    /// </summary>
    internal static class DeviceConnector
    {
        /// <summary>Fastest first on loopback and LAN (measured: AES-GCM ~1.5-2x aes128-ctr in SSH.NET).</summary>
        private static readonly string[] PreferredCiphers =
            { "aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "aes128-ctr", "aes256-ctr", "chacha20-poly1305@openssh.com" };

        /// <summary>
        /// Post-quantum hybrid ML-KEM first (OpenSSH 9.9+ servers; cheap), then curve25519, and only then
        /// sntrup761x25519, which SSH.NET computes in managed code at ~70-100 ms of CPU per connection: with
        /// OpenSSH 8.5-9.8 servers that made a 25-device fleet CPU-bound. See README, "Key exchange".
        /// </summary>
        private static readonly string[] PreferredKeyExchanges =
            { "mlkem768x25519-sha256", "curve25519-sha256", "curve25519-sha256@libssh.org" };

        /// <param name="recordNewHostKey">False for Test-RescaleConnection, which never records a host key, even under AcceptNew.</param>
        public static DeviceConnection Connect(Device device, ConnectionOptions options, CancellationToken cancellation, Action<string> warn, bool recordNewHostKey = true)
        {
            var check = new HostKeyCheck(device, options);
            SftpClient sftp;
            string loginKeyFingerprint;
            using (var login = LoginCredential.For(device, options))
            {
                loginKeyFingerprint = login.KeyFingerprint;
                sftp = new SftpClient(CreateConnectionInfo(device, options, login, check.PreferredKeyTypes));
                sftp.HostKeyReceived += (_, e) => e.CanTrust = check.Evaluate(new Wire.SshDataReader(e.HostKey).ReadText(), e.HostKey);
                Open(sftp, device, options, check, login, cancellation);
            }

            if (recordNewHostKey && check.ShouldRecord)
            {
                try
                {
                    check.Record();
                }
                catch (RescaleSshException)
                {
                    sftp.Dispose();
                    throw;
                }
                warn?.Invoke($"Permanently added {device.KnownHostsName} ({check.OfferedKeyType} {check.OfferedFingerprint}) to the list of known hosts in '{options.EffectiveKnownHostsPath}'.");
            }

            string trusted = check.OfferedFingerprint;
            SshClient OpenShell(CancellationToken token)
            {
                using (var login = LoginCredential.For(device, options))
                {
                    var shell = new SshClient(CreateConnectionInfo(device, options, login, new[] { check.OfferedKeyType }));
                    var shellCheck = new HostKeyCheck(device, options);
                    shell.HostKeyReceived += (_, e) =>
                    {
                        e.CanTrust = Wire.Fingerprint.Sha256(e.HostKey) == trusted;
                        if (!e.CanTrust) shellCheck.Evaluate(new Wire.SshDataReader(e.HostKey).ReadText(), e.HostKey);
                    };
                    Open(shell, device, options, shellCheck, login, token);
                    return shell;
                }
            }

            return new DeviceConnection(device, sftp, OpenShell, check.OfferedKey, check.Status,
                sftp.ConnectionInfo.ServerVersion, loginKeyFingerprint);
        }

        internal static ConnectionInfo CreateConnectionInfo(Device device, ConnectionOptions options, LoginCredential login, IReadOnlyList<string> preferredHostKeyTypes) =>
            CreateConnectionInfo(device, options, login.Methods, preferredHostKeyTypes);

        internal static ConnectionInfo CreateConnectionInfo(Device device, ConnectionOptions options, AuthenticationMethod[] methods, IReadOnlyList<string> preferredHostKeyTypes)
        {
            var info = new ConnectionInfo(device.ComputerName, device.Port, device.UserName, methods)
            {
                Timeout = TimeSpan.FromSeconds(options.ConnectTimeoutSeconds),
            };
            int position = 0;
            foreach (var kex in PreferredKeyExchanges)
            {
                if (info.KeyExchangeAlgorithms.ContainsKey(kex)) info.KeyExchangeAlgorithms.SetPosition(kex, position++);
            }
            position = 0;
            foreach (var cipher in PreferredCiphers)
            {
                if (info.Encryptions.ContainsKey(cipher)) info.Encryptions.SetPosition(cipher, position++);
            }
            position = 0;
            foreach (var keyType in preferredHostKeyTypes)
            {
                var algorithms = keyType == "ssh-rsa" ? new[] { "rsa-sha2-512", "rsa-sha2-256", "ssh-rsa" } : new[] { keyType };
                foreach (var algorithm in algorithms)
                {
                    if (info.HostKeyAlgorithms.ContainsKey(algorithm)) info.HostKeyAlgorithms.SetPosition(algorithm, position++);
                }
            }
            return info;
        }

        internal static void Open(BaseClient client, Device device, ConnectionOptions options, HostKeyCheck check, LoginCredential login, CancellationToken cancellation)
        {
            try
            {
                client.ConnectAsync(cancellation).GetAwaiter().GetResult();
            }
            catch (Exception ex)
            {
                client.Dispose();
                if (ex is OperationCanceledException) throw;
                throw Translate(ex, device, options, check, login);
            }
        }

        internal static Exception Translate(Exception ex, Device device, ConnectionOptions options, HostKeyCheck check, LoginCredential login)
        {
            if (check?.Refusal != null) return check.Refusal;
            string where = $"{device.ComputerName}:{device.Port}";
            switch (ex)
            {
                case RescaleSshException known:
                    return known;
                case SshAuthenticationException _:
                    string how = login?.KeyFilePath != null ? $"the key '{login.KeyFilePath}'" : "the password";
                    return new RescaleSshException("AuthenticationFailed", FailureCategory.AuthenticationError,
                        $"{device} refused {how} (permission denied). Install the matching public key with Add-RescaleAuthorizedKey, or pass the right -KeyFilePath or -Credential.",
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
                        $"{where} did not complete an SSH connection within {options.ConnectTimeoutSeconds} s. Check that the device is up and reachable, or raise -ConnectTimeout.",
                        device, ex);
                case SocketException socket:
                    return new RescaleSshException("ConnectionFailed", FailureCategory.ConnectionError,
                        $"Cannot connect to {where}: {socket.Message}.", device, ex);
                case SshConnectionException connection when connection.Message.IndexOf("identification", StringComparison.OrdinalIgnoreCase) >= 0:
                case SshException ssh when ssh.Message.IndexOf("identification", StringComparison.OrdinalIgnoreCase) >= 0:
                    return new RescaleSshException("NotAnSshServer", FailureCategory.ProtocolError,
                        $"{where} answered, but not as an SSH server. Check the -Port: SSH usually listens on 22.", device, ex);
                case SshConnectionException connection:
                    return new RescaleSshException("ConnectionFailed", FailureCategory.ConnectionError,
                        $"The SSH connection to {where} failed: {connection.Message}", device, ex);
                case SshException ssh:
                    return new RescaleSshException("ConnectionFailed", FailureCategory.ConnectionError,
                        $"The SSH connection to {where} failed: {ssh.Message}", device, ex);
                default:
                    return new RescaleSshException("ConnectionFailed", FailureCategory.ConnectionError,
                        $"The SSH connection to {where} failed: {ex.Message}", device, ex);
            }
        }
    }
}
