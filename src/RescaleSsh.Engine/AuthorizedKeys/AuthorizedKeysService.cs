using System.Collections.Generic;
using System.Linq;
using System.Threading;
using RescaleSsh.Connections;

namespace RescaleSsh.AuthorizedKeys
{
    /// <summary>
    /// Add-, Get- and Remove-RescaleAuthorizedKey on one device: what to add or remove, asked through
    /// ShouldProcess, done in one locked edit (<see cref="RemoteAuthorizedKeysEditor"/>), reported as one result per key.
    /// </summary>
    internal sealed class AuthorizedKeysService
    {
        private readonly DeviceConnection _connection;
        private readonly IOperationHost _host;
        private readonly CancellationToken _cancellation;

        public AuthorizedKeysService(DeviceConnection connection, IOperationHost host, CancellationToken cancellation)
        {
            _connection = connection;
            _host = host;
            _cancellation = cancellation;
        }

        private Device Device => _connection.Device;

        /// <summary>
        /// Adds the keys not already there (whatever their comment). A key already there with other options (a
        /// restricted key given for an unrestricted line, or the other way round) is left as it is with a warning that
        /// names the difference, unless <paramref name="replaceOptions"/> (-Force) gives its lines the options given.
        /// Tightens loose modes. Says in -Verbose what changed, or why nothing did.
        /// </summary>
        public void Add(IReadOnlyList<AuthorizedKeyLine> keys, string authorizedKeysPath, bool replaceOptions = false)
        {
            var editor = Editor(authorizedKeysPath);
            var snapshot = editor.Read();
            Say(snapshot.Exists
                ? $"read {editor.DisplayPath}: {snapshot.File.Keys.Count()} key(s) on {snapshot.File.Lines.Count} line(s)."
                : $"{editor.DisplayPath} does not exist yet.");
            var status = new Dictionary<AuthorizedKeyLine, AuthorizedKeyStatus>();
            var options = new Dictionary<AuthorizedKeyLine, string>();
            var toAdd = new List<AuthorizedKeyLine>();
            var toReplace = new List<AuthorizedKeyLine>();
            foreach (var key in keys)
            {
                var present = snapshot.File.Keys.Where(l => l.Key.Equals(key.Key)).ToList();
                options[key] = key.Options;
                if (present.Count == 0)
                {
                    if (_host.ShouldProcess(Device.ToString(), $"Add public key {key.Key.Describe()} with {AuthorizedKeyLine.DescribeOptions(key.Options)} to {editor.DisplayPath}")) toAdd.Add(key);
                    else status[key] = AuthorizedKeyStatus.WouldAdd;
                    continue;
                }
                var differing = present.FirstOrDefault(l => l.Options != key.Options);
                if (differing == null)
                {
                    status[key] = AuthorizedKeyStatus.AlreadyPresent;
                    Say($"{key.Key.Describe()} is already on line {present[0].LineNumber} with the same options; nothing to add.");
                }
                else if (!replaceOptions)
                {
                    status[key] = AuthorizedKeyStatus.AlreadyPresent;
                    options[key] = differing.Options;
                    _host.WriteWarning($"{key.Key.Describe()} is already in {editor.DisplayPath} on {Device} (line {differing.LineNumber}) with {AuthorizedKeyLine.DescribeOptions(differing.Options)}; " +
                        $"the key given has {AuthorizedKeyLine.DescribeOptions(key.Options)}. The line was left as it is, so the key keeps what it allows. Pass -Force to give it the options given.");
                }
                else if (_host.ShouldProcess(Device.ToString(), $"Replace {AuthorizedKeyLine.DescribeOptions(differing.Options)} of public key {key.Key.Describe()} in {editor.DisplayPath} with {AuthorizedKeyLine.DescribeOptions(key.Options)}"))
                {
                    toReplace.Add(key);
                }
                else
                {
                    status[key] = AuthorizedKeyStatus.WouldReplaceOptions;
                }
            }

            if (toAdd.Count > 0 || toReplace.Count > 0)
            {
                editor.Update(file => Apply(file, toAdd, toReplace, status), snapshot);
            }
            else if (snapshot.ModesTooOpen &&
                     _host.ShouldProcess(Device.ToString(), $"Set mode 0700 on the folder of {editor.DisplayPath} and 0600 on the file"))
            {
                editor.TightenModes(snapshot);
            }
            if (!status.Values.Any(s => s == AuthorizedKeyStatus.Added || s == AuthorizedKeyStatus.OptionsReplaced))
            {
                Say($"{editor.DisplayPath} was not changed: " + (status.Values.All(s => s == AuthorizedKeyStatus.AlreadyPresent)
                    ? "every key given is already there." : "nothing was confirmed (-WhatIf or -Confirm)."));
            }

            foreach (var key in keys)
            {
                var result = Result(status[key], editor);
                result.Fingerprint = key.Key.Fingerprint;
                result.Comment = key.Key.Comment;
                result.Algorithm = key.Key.Algorithm;
                result.Options = options[key];
                _host.WriteObject(result);
            }
        }

        /// <summary>The change made under the lock, to the file as it is then (another writer may have changed it since the snapshot).</summary>
        private bool Apply(AuthorizedKeysFile file, List<AuthorizedKeyLine> toAdd, List<AuthorizedKeyLine> toReplace, Dictionary<AuthorizedKeyLine, AuthorizedKeyStatus> status)
        {
            bool changed = false;
            foreach (var key in toAdd)
            {
                bool added = file.Add(key);
                status[key] = added ? AuthorizedKeyStatus.Added : AuthorizedKeyStatus.AlreadyPresent;
                Say(added ? $"adding {key.Key.Describe()} with {AuthorizedKeyLine.DescribeOptions(key.Options)} as line {file.Lines.Count}."
                          : $"{key.Key.Describe()} was added meanwhile by another writer; nothing to add.");
                changed |= added;
            }
            foreach (var key in toReplace)
            {
                int lines = file.ReplaceOptions(key.Key, key.Options);
                status[key] = lines > 0 ? AuthorizedKeyStatus.OptionsReplaced : AuthorizedKeyStatus.AlreadyPresent;
                if (lines == 0 && file.Add(key))
                {
                    status[key] = AuthorizedKeyStatus.Added;
                    lines = 1;
                }
                Say(lines > 0 ? $"giving {key.Key.Describe()} {AuthorizedKeyLine.DescribeOptions(key.Options)} on {lines} line(s)."
                              : $"{key.Key.Describe()} already has {AuthorizedKeyLine.DescribeOptions(key.Options)} (changed meanwhile by another writer).");
                changed |= lines > 0;
            }
            return changed;
        }

        /// <summary>A -Verbose line about this device.</summary>
        private void Say(string message) => _host.WriteVerbose($"{Device}: {message}");

        /// <summary>Removes the selected keys; the key this connection logged in with only with <paramref name="force"/>.</summary>
        public void Remove(AuthorizedKeySelector selector, string authorizedKeysPath, bool force)
        {
            var editor = Editor(authorizedKeysPath);
            var snapshot = editor.Read();
            var matched = new List<SshPublicKey>();
            var options = new Dictionary<SshPublicKey, string>();
            foreach (var line in snapshot.File.Keys)
            {
                if (!selector.Matches(line.Key) || matched.Contains(line.Key)) continue;
                matched.Add(line.Key);
                options[line.Key] = line.Options;
                Say($"{line.Key.Describe()} on line {line.LineNumber} matches.");
            }
            if (matched.Count == 0)
            {
                Say(snapshot.Exists ? $"no key in {editor.DisplayPath} ({snapshot.File.Keys.Count()} key(s)) matches; nothing to remove."
                                    : $"{editor.DisplayPath} does not exist; nothing to remove.");
            }

            var toRemove = new List<SshPublicKey>();
            var status = new Dictionary<SshPublicKey, AuthorizedKeyStatus>();
            foreach (var key in matched)
            {
                if (!force && _connection.LoginKeyFingerprint != null && key.Fingerprint == _connection.LoginKeyFingerprint)
                {
                    _host.WriteError(new RescaleSshException("LoginKeyProtected", FailureCategory.InvalidOperation,
                        $"{key.Describe()} is the key this command logged into {Device} with; removing it could lock you out. Log in with another key, or pass -Force.",
                        Device), Device);
                    continue;
                }
                if (_host.ShouldProcess(Device.ToString(), $"Remove public key {key.Describe()} from {editor.DisplayPath}")) toRemove.Add(key);
                else status[key] = AuthorizedKeyStatus.WouldRemove;
            }

            if (toRemove.Count > 0)
            {
                editor.Update(file =>
                {
                    var removed = file.RemoveWhere(line => toRemove.Contains(line.Key));
                    foreach (var key in toRemove)
                    {
                        int lines = removed.Count(l => l.Key.Equals(key));
                        status[key] = lines > 0 ? AuthorizedKeyStatus.Removed : AuthorizedKeyStatus.NotPresent;
                        Say(lines > 0 ? $"removing {key.Describe()} ({lines} line(s))." : $"{key.Describe()} was removed meanwhile by another writer.");
                    }
                    return removed.Count > 0;
                }, snapshot);
            }

            if (toRemove.Count == 0 && matched.Count > 0) Say($"{editor.DisplayPath} was not changed.");
            foreach (var pair in status)
            {
                var result = Result(pair.Value, editor);
                result.Fingerprint = pair.Key.Fingerprint;
                result.Comment = pair.Key.Comment;
                result.Algorithm = pair.Key.Algorithm;
                result.Options = options[pair.Key];
                _host.WriteObject(result);
            }
            foreach (var result in selector.Unmatched(matched, () => Result(AuthorizedKeyStatus.NotPresent, editor)))
            {
                Say($"no key in {editor.DisplayPath} matches '{DisplayText.Short(result.Fingerprint ?? result.Comment, 80)}'.");
                _host.WriteObject(result);
            }
        }

        /// <summary>The keys of the device's authorized_keys that pass <paramref name="filter"/>, as AuthorizedKey objects.</summary>
        public void List(string authorizedKeysPath, System.Func<SshPublicKey, bool> filter)
        {
            var editor = Editor(authorizedKeysPath);
            AuthorizedKeyListing.Emit(editor.Read().File, Device, editor.DisplayPath, filter, _host);
        }

        private RemoteAuthorizedKeysEditor Editor(string authorizedKeysPath) =>
            new RemoteAuthorizedKeysEditor(_connection.Sftp, Device, authorizedKeysPath, _connection.Hooks, _cancellation) { Narrate = Say };

        private AuthorizedKeyResult Result(AuthorizedKeyStatus status, RemoteAuthorizedKeysEditor editor) => new AuthorizedKeyResult
        {
            ComputerName = Device.ComputerName,
            UserName = Device.UserName,
            Port = Device.Port,
            Status = status,
            Options = string.Empty,
            AuthorizedKeysPath = editor.DisplayPath,
        };
    }
}
