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

        /// <summary>Adds the keys not already there (whatever their comment or options); tightens loose modes.</summary>
        public void Add(IReadOnlyList<AuthorizedKeyLine> keys, string authorizedKeysPath)
        {
            var editor = Editor(authorizedKeysPath);
            var snapshot = editor.Read();
            var status = new Dictionary<AuthorizedKeyLine, AuthorizedKeyStatus>();
            var toAdd = new List<AuthorizedKeyLine>();
            foreach (var key in keys)
            {
                if (snapshot.File.Contains(key.Key)) status[key] = AuthorizedKeyStatus.AlreadyPresent;
                else if (_host.ShouldProcess(Device.ToString(), $"Add public key {key.Key.Describe()} to {editor.DisplayPath}")) toAdd.Add(key);
                else status[key] = AuthorizedKeyStatus.WouldAdd;
            }

            if (toAdd.Count > 0)
            {
                editor.Update(file =>
                {
                    bool changed = false;
                    foreach (var key in toAdd)
                    {
                        bool added = file.Add(key);
                        status[key] = added ? AuthorizedKeyStatus.Added : AuthorizedKeyStatus.AlreadyPresent;
                        changed |= added;
                    }
                    return changed;
                }, snapshot);
            }
            else if (snapshot.ModesTooOpen &&
                     _host.ShouldProcess(Device.ToString(), $"Set mode 0700 on the folder of {editor.DisplayPath} and 0600 on the file"))
            {
                editor.TightenModes(snapshot);
            }

            foreach (var key in keys)
            {
                var result = Result(status[key], editor);
                result.Fingerprint = key.Key.Fingerprint;
                result.Comment = key.Key.Comment;
                result.Algorithm = key.Key.Algorithm;
                _host.WriteObject(result);
            }
        }

        /// <summary>Removes the selected keys; the key this connection logged in with only with <paramref name="force"/>.</summary>
        public void Remove(AuthorizedKeySelector selector, string authorizedKeysPath, bool force)
        {
            var editor = Editor(authorizedKeysPath);
            var snapshot = editor.Read();
            var matched = new List<SshPublicKey>();
            foreach (var line in snapshot.File.Keys)
            {
                if (selector.Matches(line.Key) && !matched.Contains(line.Key)) matched.Add(line.Key);
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
                        status[key] = removed.Any(l => l.Key.Equals(key)) ? AuthorizedKeyStatus.Removed : AuthorizedKeyStatus.NotPresent;
                    }
                    return removed.Count > 0;
                }, snapshot);
            }

            foreach (var pair in status)
            {
                var result = Result(pair.Value, editor);
                result.Fingerprint = pair.Key.Fingerprint;
                result.Comment = pair.Key.Comment;
                result.Algorithm = pair.Key.Algorithm;
                _host.WriteObject(result);
            }
            foreach (var result in selector.Unmatched(matched, () => Result(AuthorizedKeyStatus.NotPresent, editor)))
            {
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
            new RemoteAuthorizedKeysEditor(_connection.Sftp, Device, authorizedKeysPath, _connection.Hooks, _cancellation);

        private AuthorizedKeyResult Result(AuthorizedKeyStatus status, RemoteAuthorizedKeysEditor editor) => new AuthorizedKeyResult
        {
            ComputerName = Device.ComputerName,
            UserName = Device.UserName,
            Port = Device.Port,
            Status = status,
            AuthorizedKeysPath = editor.DisplayPath,
        };
    }
}
