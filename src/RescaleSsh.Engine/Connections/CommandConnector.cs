using System;
using System.Threading;
using Renci.SshNet;

namespace RescaleSsh.Connections
{
    /// <summary>
    /// Opens an exec-only connection for Invoke-RescaleCommand without a session: one SSH handshake and login instead
    /// of the SFTP connection plus the exec one a <see cref="DeviceConnection"/> would open. Host keys are checked and
    /// recorded as <see cref="DeviceConnector"/> does (same check, same warning).
    /// </summary>
    internal static class CommandConnector
    {
        public static CommandChannel Connect(Device device, ConnectionOptions options, Action<string> warn, CancellationToken cancellation)
        {
            var check = new HostKeyCheck(device, options);
            SshClient client;
            using (var login = LoginCredential.For(device, options))
            {
                client = DeviceConnector.Open(new SshClient(DeviceConnector.Info(device, options, login.Methods, check.PreferredKeyTypes)),
                    device, options, check, login, cancellation);
            }
            if (check.ShouldRecord)
            {
                try
                {
                    check.Record();
                }
                catch (RescaleSshException)
                {
                    client.Dispose();
                    throw;
                }
                warn?.Invoke($"Permanently added {device.KnownHostsName} ({check.OfferedKeyType} {check.OfferedFingerprint}) to the list of known hosts in '{options.EffectiveKnownHostsPath}'.");
            }
            var opened = client;
            return new CommandChannel(_ =>
            {
                // The first run uses the connection opened here; a later one after a break opens another with the same key.
                var first = Interlocked.Exchange(ref opened, null);
                if (first != null) return first;
                using (var login = LoginCredential.For(device, options))
                {
                    var same = HostKeyCheck.SameKeyAs(check, device, options);
                    return DeviceConnector.Open(new SshClient(DeviceConnector.Info(device, options, login.Methods, new[] { check.OfferedKeyType })),
                        device, options, same, login, cancellation);
                }
            });
        }
    }
}
