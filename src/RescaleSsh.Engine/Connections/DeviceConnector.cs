using System;
using System.Collections.Generic;
using System.Threading;
using Renci.SshNet;

namespace RescaleSsh.Connections
{
    /// <summary>
    /// Opens authenticated connections to devices: reads the keys and asks the agent for its keys first (so a bad key
    /// fails before any network traffic), checks the host key during key exchange (under HostKeyAlias when one is
    /// set), offers every key within the one connection, and records a new host key only after a successful login
    /// under AcceptNew. -Verbose narrates each step (<see cref="ConnectionNarration"/>). Every failure becomes a RescaleSshException with a stable id (<see cref="FailureTranslator.Connect"/>).
    /// </summary>
    internal static class DeviceConnector
    {
        /// <summary>
        /// Bytes per SFTP read/write request. Larger than SSH.NET's 32 KB default (measured faster), but below the
        /// 85,000-byte large-object threshold: SSH.NET allocates a buffer per request, and 128 KB ones pile up on the
        /// large object heap until a full GC (measured: ~108 MB working-set growth over a 5 GiB file, vs flat at 64 KB).
        /// </summary>
        private const uint SftpBufferSize = 64 * 1024;

        /// <param name="host">Where -Verbose narration and warnings go (the command's, from the pipeline thread); null for none.</param>
        /// <param name="recordNewHostKey">False for Test-RescaleConnection, which never records a host key, even under AcceptNew.</param>
        public static DeviceConnection Connect(Device device, ConnectionOptions options, IOperationHost host, bool recordNewHostKey, CancellationToken cancellation)
        {
            SftpClient loggedIn = null;
            string early = null;
            var extra = new Transfers.ExtraChannels(token =>
            {
                var channel = Transfers.SftpChannel.Open(loggedIn);
                if (channel != null) options.Hooks?.ExtraChannelOpened?.Invoke(channel);
                return channel;
            }, (options.Hooks ?? EngineHooks.Default).ExtraChannelsIdleGrace);
            var sftp = OpenTrusted(device, options, host, recordNewHostKey, info => new LoginNotifyingSftpClient(info)
            {
                BufferSize = SftpBufferSize,
                LoggedIn = (client, login) =>
                {
                    loggedIn = client;
                    early = PrepareExtraChannelsAtLogin(client, login, extra, options, cancellation);
                },
            }, out var check, out var loginKey, cancellation);
            if (early != null) host?.WriteVerbose(early);
            var commands = new CommandChannel(token => OpenPinned(device, options, check, loginKey, info => new SshClient(info), token));
            return new DeviceConnection(device, sftp, commands, check.OfferedKey, check.Status,
                sftp.ConnectionInfo.ServerVersion, loginKey, options.Hooks, extra);
        }

        /// <summary>
        /// For a large upload (<see cref="ConnectionOptions.ExtraChannelsAtLogin"/>) over a link whose login took long
        /// enough to be a long one (<see cref="Transfers.RangeSizing.LoginSuggestsLongLink"/>), the extra channels start
        /// opening as soon as this connection's own SFTP channel is confirmed, instead of once the temporary file is being
        /// created: they are ready when the file is, four round trips earlier. The round trip measured later still decides
        /// whether the file is written in ranges; channels it does not use close with the connection.
        /// </summary>
        /// <returns>What to tell -Verbose once the login is told; null when no channel is opened early.</returns>
        private static string PrepareExtraChannelsAtLogin(SftpClient client, TimeSpan login, Transfers.ExtraChannels extra, ConnectionOptions options,
            CancellationToken cancellation)
        {
            int count = options.ExtraChannelsAtLogin;
            if (count <= 0 || !Transfers.RangeSizing.LoginSuggestsLongLink(login)) return null;
            if (!extra.PrepareAfterFirstChannel(client, count, cancellation)) return null;
            return string.Format(System.Globalization.CultureInfo.InvariantCulture,
                "The login took {0:0} ms, as over a long link: opening {1} more SFTP channel(s) for the large upload.", login.TotalMilliseconds, count);
        }

        /// <summary>
        /// An exec-only connection (Invoke-RescaleCommand without a session): one handshake and login instead of the
        /// SFTP connection plus the exec one <see cref="Connect"/> opens; the same host key checks and recording.
        /// </summary>
        public static CommandChannel ConnectForCommands(Device device, ConnectionOptions options, IOperationHost host, CancellationToken cancellation)
        {
            SshClient opened = OpenTrusted(device, options, host, recordNewHostKey: true, info => new SshClient(info), out var check, out var loginKey, cancellation);
            return new CommandChannel(token =>
            {
                // The first run uses the connection opened here; a later one after a break opens another with the same key.
                var first = Interlocked.Exchange(ref opened, null);
                return first ?? OpenPinned(device, options, check, loginKey, info => new SshClient(info), token);
            });
        }

        /// <summary>
        /// Opens a client logged in with every key the options offer, its host key checked during key exchange, and a
        /// new host key recorded after the login under AcceptNew (with the warning OpenSSH gives).
        /// </summary>
        private static T OpenTrusted<T>(Device device, ConnectionOptions options, IOperationHost host, bool recordNewHostKey,
            Func<ConnectionInfo, T> create, out HostKeyCheck check, out LoginKey loginKey, CancellationToken cancellation)
            where T : BaseClient
        {
            var knownHostsDevice = options.KnownHostsDevice(device);
            check = new HostKeyCheck(knownHostsDevice, options);
            ConnectionNarration.Connecting(host, device, options);
            T client;
            using (var login = LoginCredential.For(device, options, host, cancellation))
            {
                try
                {
                    client = Open(create(Info(device, options, login.Methods, check.PreferredKeyTypes)), device, options, check, login, cancellation);
                }
                finally
                {
                    // A key trusted against known_hosts (GiveUpSecurityAndAcceptAny) is told, whether the login then worked or not.
                    if (check.Warning != null) host?.WriteWarning(check.Warning);
                }
                loginKey = login.LoggedInWith;
            }
            ConnectionNarration.Connected(host, knownHostsDevice, check, client.ConnectionInfo, loginKey, options.Password != null && options.Password.Length > 0);

            if (recordNewHostKey && check.ShouldRecord)
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
                host?.WriteWarning($"Permanently added {knownHostsDevice.KnownHostsName} ({check.OfferedKeyType} {check.OfferedFingerprint}) to the list of known hosts in '{options.EffectiveKnownHostsPath}'.");
            }
            return client;
        }

        /// <summary>
        /// Another connection to the same device (the exec one, or an extra SFTP one for a large file's ranges): it must
        /// present the very key the first connection verified (no new trust decision, no prompt), and logs in with the key that one did.
        /// </summary>
        private static T OpenPinned<T>(Device device, ConnectionOptions options, HostKeyCheck verified, LoginKey loginKey, Func<ConnectionInfo, T> create,
            CancellationToken cancellation)
            where T : BaseClient
        {
            using (var login = LoginCredential.For(device, options, null, cancellation, loginKey))
            {
                var knownHostsDevice = options.KnownHostsDevice(device);
                var check = HostKeyCheck.SameKeyAs(verified, knownHostsDevice, options);
                return Open(create(Info(device, options, login.Methods, new[] { verified.OfferedKeyType })), device, options, check, login, cancellation);
            }
        }

        internal static ConnectionInfo Info(Device device, ConnectionOptions options, AuthenticationMethod[] methods, IReadOnlyList<string> preferredHostKeyTypes)
        {
            var info = new ConnectionInfo(device.ComputerName, device.Port, device.UserName, methods)
            {
                Timeout = TimeSpan.FromSeconds(options.ConnectTimeoutSeconds),
            };
            AlgorithmPreferences.Apply(info, preferredHostKeyTypes);
            return info;
        }

        /// <summary>
        /// Connects <paramref name="client"/> with the host key checked by <paramref name="check"/> (then
        /// <paramref name="hostKeyEvaluated"/> runs); disposes it on failure.
        /// </summary>
        internal static T Open<T>(T client, Device device, ConnectionOptions options, HostKeyCheck check, LoginCredential login,
            CancellationToken cancellation, Action hostKeyEvaluated = null)
            where T : BaseClient
        {
            check.Attach(client, hostKeyEvaluated);
            if (options.KeepAliveSeconds > 0) client.KeepAliveInterval = TimeSpan.FromSeconds(options.KeepAliveSeconds);
            try
            {
                client.ConnectAsync(cancellation).GetAwaiter().GetResult();
                TcpBuffers.Widen(client);
                return client;
            }
            catch (Exception ex)
            {
                client.Dispose();
                if (ex is OperationCanceledException) throw;
                bool busy = check.Refusal == null && FailureTranslator.ClosedBeforeIdentification(ex) && IdentificationProbe.IsBusySshServer(device, options.ConnectTimeoutSeconds);
                throw FailureTranslator.Connect(ex, device, options.ConnectTimeoutSeconds, check.Refusal, login?.Description, busy);
            }
        }
    }
}
