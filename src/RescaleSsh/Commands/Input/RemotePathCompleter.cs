using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using System.Threading.Tasks;
using RescaleSsh.Connections;
using RescaleSsh.SshConfig;
using RescaleSsh.Transfers;

namespace RescaleSsh.Commands
{
    /// <summary>
    /// Tab completion of Copy-RescaleItem's remote side: after <c>user@host:</c> (or <c>sftp://user@host:port/</c>),
    /// or any -Path with -FromSession and -Destination with -ToSession, the names in that folder on the device. It
    /// lists over an open session of this runspace for that device, else over a connection made for the purpose with
    /// the key and known_hosts already typed (Strict host keys: nothing is recorded, nothing asked; a key that needs a
    /// passphrase simply completes nothing). Bounded: it gives up after <see cref="TimeLimit"/>, so the prompt never
    /// hangs on a device that does not answer. Anything else (a local path) gets PowerShell's own file completion.
    /// </summary>
    internal sealed class RemotePathCompleter : IArgumentCompleter
    {
        internal static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(4);
        private const int ConnectTimeoutSeconds = 3;
        private const int MaxNames = 500;

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string typed = CompletionText.Unquote(wordToComplete);
            var sessionParameter = parameterName == "Destination" ? "ToSession" : "FromSession";
            if (CompletionText.Bound<Session>(fakeBoundParameters, sessionParameter) is Session session) return Complete(session.Device, session, null, "", typed, encode: false);
            if (!TrySplit(typed, out var address, out string before, out string path, out bool uri)) return null;
            using (var logins = new LoginSources(InternalHooks.Current.AgentLocator))
            {
                Device device;
                ConnectionOptions options;
                try
                {
                    var resolver = new DeviceResolver(InternalHooks.Current.SshConfigEnvironment ?? SshConfigEnvironment.ForThisProcess(), logins);
                    device = resolver.Resolve(typed, address, QuickRequest(fakeBoundParameters), out options);
                }
                catch (RescaleSshException)
                {
                    return null; // no user for the device, a config this module refuses ...: nothing to offer
                }
                var open = RunspaceSessions.Current.All().FirstOrDefault(s => s.Device.Equals(device) && s.State == SessionState.Opened);
                return Complete(device, open, open == null ? options : null, before, path, uri);
            }
        }

        /// <summary>user@host:path → ("user@host:", "path"); sftp://u@h:p/~/path → ("sftp://u@h:p/~/", "path"), /abs paths kept.</summary>
        private static bool TrySplit(string typed, out DeviceAddress address, out string before, out string path, out bool uri)
        {
            address = null;
            before = path = null;
            uri = SftpUri.IsUri(typed);
            try
            {
                if (!RemoteLocation.TryParse(typed, out var location)) return false;
                address = location.Address;
            }
            catch (RescaleSshException)
            {
                return false;
            }
            if (!uri)
            {
                int colon = typed.Length - RemoteLocationPathLength(typed);
                before = typed.Substring(0, colon);
                path = typed.Substring(colon);
                return true;
            }
            int slash = typed.IndexOf('/', "sftp://".Length);
            if (slash < 0) { before = typed + "/~/"; path = ""; return true; }
            int home = typed.IndexOf("/~/", slash, StringComparison.Ordinal) == slash ? slash + 3 : slash;
            before = typed.Substring(0, home);
            path = Uri.UnescapeDataString(typed.Substring(home));
            return true;
        }

        /// <summary>The length of the path after the host's ':' of a user@host:path side (the first ':' outside [brackets]).</summary>
        private static int RemoteLocationPathLength(string typed)
        {
            bool bracket = false;
            for (int i = 0; i < typed.Length; i++)
            {
                if (typed[i] == '[') bracket = true;
                else if (typed[i] == ']') bracket = false;
                else if (typed[i] == ':' && !bracket) return typed.Length - i - 1;
            }
            return 0;
        }

        /// <summary>What the line typed so far asks for, with Strict host keys and a short timeout: completion records and asks nothing.</summary>
        private static ConnectionRequest QuickRequest(IDictionary bound)
        {
            string key = CompletionText.Bound<string>(bound, "KeyFilePath");
            return new ConnectionRequest
            {
                UserName = CompletionText.Bound<string>(bound, "UserName"),
                Port = CompletionText.BoundInt(bound, "Port"),
                KeyFilePaths = key == null ? Array.Empty<string>() : new[] { key },
                KnownHostsPath = CompletionText.Bound<string>(bound, "KnownHostsPath"),
                HostKeyPolicy = HostKeyPolicy.Strict,
                ConnectTimeoutSeconds = ConnectTimeoutSeconds,
                Hooks = InternalHooks.Current,
            };
        }

        private static List<CompletionResult> Complete(Device device, Session session, ConnectionOptions options, string before, string path, bool encode)
        {
            int slash = path.LastIndexOf('/');
            string folder = slash < 0 ? "" : path.Substring(0, slash + 1);
            string prefix = path.Substring(slash + 1);
            var names = ListWithin(device, session, options, folder, prefix);
            return names.Select(n =>
            {
                string name = n.Name + (n.IsFolder ? "/" : "");
                string text = before + (encode ? Uri.EscapeDataString(folder + n.Name).Replace("%2F", "/") + (n.IsFolder ? "/" : "") : folder + name);
                return CompletionText.Value(text, DisplayText.Visible(name), DisplayText.Visible(folder + name));
            }).ToList();
        }

        private static IReadOnlyList<(string Name, bool IsFolder)> ListWithin(Device device, Session session, ConnectionOptions options, string folder, string prefix)
        {
            var stop = new CancellationTokenSource();
            var listing = Task.Run(() =>
            {
                if (session != null) return RemoteFolderNames.List(session.Acquire(null, recordNewHostKey: false, stop.Token), folder, prefix, MaxNames);
                using (var connection = DeviceConnector.Connect(device, options, null, recordNewHostKey: false, stop.Token))
                {
                    return RemoteFolderNames.List(connection, folder, prefix, MaxNames);
                }
            });
            // The source goes when the listing ends, however it ends: a slow one is cancelled below and left to finish alone.
            _ = listing.ContinueWith(t => { _ = t.Exception; stop.Dispose(); }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            try
            {
                if (listing.Wait(TimeLimit)) return listing.Result;
                stop.Cancel();
            }
            catch (AggregateException)
            {
                // No key, an unknown host, no such folder ...: nothing to offer, and nothing to ask.
            }
            catch (ObjectDisposedException)
            {
                // Finished and disposed between the Wait and the Cancel.
            }
            return Array.Empty<(string, bool)>();
        }
    }
}
