using System;
using System.Diagnostics;
using System.Threading;
using Renci.SshNet;

namespace RescaleSsh.Connections
{
    /// <summary>
    /// Test-RescaleConnection's check of one device: reach it, compare its host key with known_hosts, and
    /// try to log in, without ever recording a host key. A refused host key stops before authentication.
    /// Failures to reach the device or to speak SSH with it are thrown; anything after the host key is
    /// known is reported in the result.
    /// </summary>
    internal static class ConnectionProbe
    {
        public static ConnectionTest Run(Device device, ConnectionOptions options, CancellationToken cancellation)
        {
            var result = new ConnectionTest { ComputerName = device.ComputerName, UserName = device.UserName, Port = device.Port };
            var check = new HostKeyCheck(device, options);
            var clock = Stopwatch.StartNew();
            LoginCredential login = null;
            try
            {
                login = TryLogin(device, options, result);
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
        public static ConnectionTest Run(Session session, Action<string> warn, CancellationToken cancellation)
        {
            var clock = Stopwatch.StartNew();
            var connection = session.Acquire(warn, recordNewHostKey: false, cancellation);
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
            };
        }

        /// <summary>The login to try; when none can be made (no key, bad key), the reason goes into the result and only reachability and the host key are checked.</summary>
        private static LoginCredential TryLogin(Device device, ConnectionOptions options, ConnectionTest result)
        {
            try
            {
                return LoginCredential.For(device, options);
            }
            catch (RescaleSshException ex)
            {
                result.Error = ex.Message;
                return null;
            }
        }
    }
}
