using System.Diagnostics;
using System.Threading;
using Renci.SshNet;

namespace RescaleSsh.Connections
{
    /// <summary>
    /// Test-RescaleConnection's check of one device: reach it, compare its host key with known_hosts, and
    /// try to log in, without ever recording a host key. A refused host key stops before authentication.
    /// Failures to reach the device or to speak SSH with it are thrown; anything after the host key is
    /// known is reported in the result, with the key that logged in.
    /// </summary>
    internal static class ConnectionProbe
    {
        /// <param name="host">Where -Verbose narration goes (from the pipeline thread); null for none.</param>
        public static ConnectionTest Run(Device device, ConnectionOptions options, IOperationHost host, CancellationToken cancellation)
        {
            var result = new ConnectionTest { ComputerName = device.ComputerName, UserName = device.UserName, Port = device.Port };
            var knownHostsDevice = options.KnownHostsDevice(device);
            var check = new HostKeyCheck(knownHostsDevice, options);
            var clock = Stopwatch.StartNew();
            ConnectionNarration.Connecting(host, device, options);
            LoginCredential login = null;
            try
            {
                login = TryLogin(device, options, host, result, cancellation);
                var methods = login?.Methods ?? new AuthenticationMethod[] { new NoneAuthenticationMethod(device.UserName) };
                var info = DeviceConnector.Info(device, options, methods, check.PreferredKeyTypes);
                void Reached()
                {
                    result.Reachable = true;
                    result.HostKeyFingerprint = check.OfferedFingerprint;
                    result.HostKeyStatus = check.Status;
                    result.ServerVersion = info.ServerVersion;
                }
                try
                {
                    using (DeviceConnector.Open(new SshClient(info), device, options, check, login, cancellation, Reached))
                    {
                        result.Authenticated = login != null;
                        result.LatencyMs = clock.ElapsedMilliseconds;
                        result.LoginKey = login?.LoggedInWith;
                        if (login != null) ConnectionNarration.Connected(host, knownHostsDevice, check, info, result.LoginKey, result.LoginKey == null);
                    }
                }
                catch (RescaleSshException ex) when (result.Reachable)
                {
                    result.LatencyMs = clock.ElapsedMilliseconds;
                    // Without a usable key the login was only a probe ("none"), whose refusal is expected.
                    bool probeRefused = login == null && ex.Category == FailureCategory.AuthenticationError;
                    if (!probeRefused) result.Error = ex.Message;
                }
            }
            finally
            {
                login?.Dispose();
            }
            return result;
        }

        /// <summary>Checks a session: reopens it if it broke (with the same host key checks, recording nothing), then times one SFTP round trip.</summary>
        public static ConnectionTest Run(Session session, IOperationHost host, CancellationToken cancellation)
        {
            var clock = Stopwatch.StartNew();
            var connection = session.Acquire(host, recordNewHostKey: false, cancellation);
            connection.Sftp.GetAttributes(".");
            return new ConnectionTest
            {
                ComputerName = session.ComputerName,
                UserName = session.UserName,
                Port = session.Port,
                Reachable = true,
                Authenticated = true,
                HostKeyFingerprint = connection.HostKeyFingerprint,
                HostKeyStatus = session.KnownHostsStatus(connection),
                ServerVersion = connection.ServerVersion,
                LatencyMs = clock.ElapsedMilliseconds,
                LoginKey = connection.LoginKey,
            };
        }

        /// <summary>The login to try; when none can be made (no key, bad key, no agent under -Agent), the reason goes into the result and only reachability and the host key are checked.</summary>
        private static LoginCredential TryLogin(Device device, ConnectionOptions options, IOperationHost host, ConnectionTest result, CancellationToken cancellation)
        {
            try
            {
                return LoginCredential.For(device, options, host, cancellation);
            }
            catch (RescaleSshException ex)
            {
                result.Error = ex.Message;
                return null;
            }
        }
    }
}
