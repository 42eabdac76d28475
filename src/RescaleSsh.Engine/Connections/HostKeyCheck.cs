using System;
using System.IO;
using System.Collections.Generic;
using System.Linq;
using RescaleSsh.Wire;

namespace RescaleSsh.Connections
{
    /// <summary>
    /// Decides, while the key exchange is still running (before anything is authenticated or sent),
    /// whether the host key a device offers is trusted under the HostKeyPolicy, the pins and known_hosts, and
    /// which logins may then be offered: never a password or keyboard-interactive one to a host whose recorded key
    /// changed (<see cref="AllowsSecretLogin"/>, enforced where the check is attached to the client).
    /// </summary>
    internal sealed class HostKeyCheck
    {
        private readonly Device _device;
        private readonly ConnectionOptions _options;
        private KnownHostsFile _knownHosts;
        /// <summary>Why known_hosts distrusts a key trusted anyway (GiveUpSecurityAndAcceptAny); null otherwise.</summary>
        private string _distrust;

        /// <summary>For a second connection to a device: trusts only the key <see cref="_sameKeyAs"/> verified.</summary>
        private HostKeyCheck _sameKeyAs;

        public HostKeyCheck(Device device, ConnectionOptions options)
        {
            _device = device;
            _options = options;
            _knownHosts = CurrentKnownHosts();
        }

        /// <summary>
        /// known_hosts as it is now (the command's parse when a file is unchanged, <see cref="KnownHostsCache"/>): the
        /// file keys are recorded in, then the further UserKnownHostsFile files, searched as one.
        /// </summary>
        private KnownHostsFile CurrentKnownHosts()
        {
            var first = Load(_options.EffectiveKnownHostsPath);
            return _options.MoreKnownHostsPaths.Count == 0 ? first : KnownHostsFile.Combine(new[] { first }.Concat(_options.MoreKnownHostsPaths.Select(Load)));
        }

        private KnownHostsFile Load(string path)
        {
            try
            {
                return _options.KnownHosts?.Get(path) ?? KnownHostsFile.Load(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new RescaleSshException("KnownHostsUnreadable", FailureCategory.ReadError,
                    $"The known_hosts file '{path}' cannot be read: {ex.Message} Fix its permissions or pass another -KnownHostsPath.",
                    path, ex);
            }
        }

        public string OfferedKeyType { get; private set; }
        public byte[] OfferedKey { get; private set; }
        public string OfferedFingerprint { get; private set; }
        public HostKeyStatus? Status { get; private set; }
        /// <summary>Why the key was refused; null when it was trusted.</summary>
        public RescaleSshException Refusal { get; private set; }

        /// <summary>
        /// False when the key was trusted although known_hosts says it changed (or revoked it): only because of
        /// GiveUpSecurityAndAcceptAny. A password or keyboard-interactive login is then never offered, as OpenSSH does,
        /// since whoever holds that key may be collecting passwords; a key or agent login signs for this one session and gives it nothing to reuse.
        /// </summary>
        public bool AllowsSecretLogin { get; private set; } = true;

        /// <summary>What the user must be told about a key trusted against known_hosts (both fingerprints); null when nothing.</summary>
        public string Warning { get; private set; }

        /// <summary>True when a successful login should record the key in known_hosts.</summary>
        public bool ShouldRecord =>
            Refusal == null && Status == HostKeyStatus.New && _options.HostKeyPolicy == HostKeyPolicy.AcceptNew &&
            _options.HostKeyFingerprints.Count == 0;

        /// <summary>Key types known_hosts holds for the device: the client asks for these first, as OpenSSH does.</summary>
        public IReadOnlyList<string> PreferredKeyTypes => _knownHosts.KeyTypesFor(_device);

        /// <summary>A check for a second connection to the device that trusts only the key <paramref name="verified"/> accepted.</summary>
        public static HostKeyCheck SameKeyAs(HostKeyCheck verified, Device device, ConnectionOptions options) =>
            new HostKeyCheck(device, options) { _sameKeyAs = verified };

        /// <summary>
        /// Decides the key in SSH.NET's HostKeyReceived, during key exchange, before anything is sent;
        /// <paramref name="evaluated"/> then sees the outcome (e.g. to fill a ConnectionTest).
        /// </summary>
        public void Attach(Renci.SshNet.BaseClient client, Action evaluated = null)
        {
            client.HostKeyReceived += (_, e) =>
            {
                e.CanTrust = Evaluate(new SshDataReader(e.HostKey).ReadText(), e.HostKey);
                if (e.CanTrust && !AllowsSecretLogin && !WithheldLogin.Withhold(client.ConnectionInfo, Withheld))
                {
                    e.CanTrust = false; // the methods cannot be changed: refuse rather than send a password
                    Refusal = Withheld();
                }
                evaluated?.Invoke();
            };
        }

        public bool Evaluate(string keyType, byte[] keyBlob)
        {
            if (_sameKeyAs != null)
            {
                if (Fingerprint.Sha256(keyBlob) == _sameKeyAs.OfferedFingerprint)
                {
                    OfferedKeyType = keyType;
                    OfferedKey = keyBlob;
                    OfferedFingerprint = _sameKeyAs.OfferedFingerprint;
                    Status = _sameKeyAs.Status;
                    AllowsSecretLogin = _sameKeyAs.AllowsSecretLogin;
                    _distrust = _sameKeyAs._distrust;
                    return true;
                }
                var full = new HostKeyCheck(_device, _options);
                full.Evaluate(keyType, keyBlob);
                Refusal = full.Refusal ?? new RescaleSshException("HostKeyChanged", FailureCategory.SecurityError,
                    $"{_device.KnownHostsName} offered host key {full.OfferedFingerprint} on a second connection, not the {_sameKeyAs.OfferedFingerprint} it offered a moment before. Nothing was sent to it; someone may be intercepting the connection.",
                    _device);
                return false;
            }

            OfferedKeyType = keyType;
            OfferedKey = keyBlob;
            OfferedFingerprint = Wire.Fingerprint.Sha256(keyBlob);
            // Read again (a stat when unchanged): a concurrent first contact may have recorded the host meanwhile.
            _knownHosts = CurrentKnownHosts();
            Status = _knownHosts.Check(_device, keyBlob, out var expected);

            if (_knownHosts.IsRevoked(keyBlob) && _options.HostKeyPolicy != HostKeyPolicy.GiveUpSecurityAndAcceptAny)
            {
                Refusal = new RescaleSshException("HostKeyRevoked", FailureCategory.SecurityError,
                    $"The host key of {_device.KnownHostsName} ({OfferedFingerprint}) is marked @revoked in '{_options.EffectiveKnownHostsPath}'. Nothing was sent to it; ask the device's owner for its new key.",
                    _device);
                return false;
            }

            if (_options.HostKeyFingerprints.Count > 0)
            {
                if (_options.HostKeyFingerprints.Any(pin => HostKeyPin.Matches(pin, OfferedFingerprint))) return true;
                Refusal = new RescaleSshException("HostKeyFingerprintMismatch", FailureCategory.SecurityError,
                    $"{_device.KnownHostsName} offered host key {OfferedFingerprint}, which is not the pinned {string.Join(" or ", _options.HostKeyFingerprints)}. Nothing was sent to it; check that you reach the right device, then correct -HostKeyFingerprint.",
                    _device);
                return false;
            }

            switch (_options.HostKeyPolicy)
            {
                case HostKeyPolicy.GiveUpSecurityAndAcceptAny:
                    bool revoked = _knownHosts.IsRevoked(keyBlob);
                    if (Status == HostKeyStatus.Changed || revoked)
                    {
                        AllowsSecretLogin = false;
                        _distrust = revoked
                            ? $"the host key of {_device.KnownHostsName} ({OfferedFingerprint}) is marked @revoked in '{_options.EffectiveKnownHostsPath}'"
                            : $"REMOTE HOST IDENTIFICATION HAS CHANGED for {_device.KnownHostsName}: known_hosts expects {string.Join(" or ", expected)} but the device offered {OfferedFingerprint}";
                        Warning = char.ToUpperInvariant(_distrust[0]) + _distrust.Substring(1) +
                            ". -HostKeyPolicy GiveUpSecurityAndAcceptAny connects anyway, but password and keyboard-interactive logins are not offered on this connection: someone may be intercepting it. " +
                            $"If the device was rebuilt, remove its old key (ssh-keygen -R \"{_device.KnownHostsName}\" -f \"{_options.EffectiveKnownHostsPath}\").";
                    }
                    return true;
                case HostKeyPolicy.Strict when Status == HostKeyStatus.New:
                    Refusal = new RescaleSshException("HostKeyUnknown", FailureCategory.SecurityError,
                        $"{_device.KnownHostsName} is not in '{_options.EffectiveKnownHostsPath}' and -HostKeyPolicy is Strict; it offered {OfferedFingerprint}. Nothing was sent to it; verify that fingerprint with the device's owner, then connect once with -HostKeyPolicy AcceptNew or pin it with -HostKeyFingerprint.",
                        _device);
                    return false;
            }

            if (Status == HostKeyStatus.Changed)
            {
                Refusal = new RescaleSshException("HostKeyChanged", FailureCategory.SecurityError,
                    $"REMOTE HOST IDENTIFICATION HAS CHANGED for {_device.KnownHostsName}: known_hosts expects {string.Join(" or ", expected)} but the device offered {OfferedFingerprint}. Nothing was sent to it. If the device was rebuilt, remove its line from '{_options.EffectiveKnownHostsPath}' (ssh-keygen -R \"{_device.KnownHostsName}\") and connect again; otherwise someone may be intercepting the connection.",
                    _device);
                return false;
            }
            return true;
        }

        /// <summary>
        /// Records the key of a new host after a successful login. known_hosts is read again under its lock first: when a
        /// concurrent first contact with the same host recorded another key meanwhile, nothing is written and this
        /// connection is refused (HostKeyChanged), so that one host never ends up with two trusted keys.
        /// </summary>
        public void Record()
        {
            KnownHostsAppend written;
            string path = _options.EffectiveKnownHostsPath;
            try
            {
                written = KnownHostsFile.Append(path, _device, OfferedKeyType, OfferedKey);
                _options.KnownHosts?.Store(path, written);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new RescaleSshException("KnownHostsUnwritable", FailureCategory.WriteError,
                    $"The host key of {_device.KnownHostsName} cannot be recorded in '{_options.EffectiveKnownHostsPath}': {ex.Message} Fix its permissions, pass another -KnownHostsPath, or pin the key with -HostKeyFingerprint.",
                    _options.EffectiveKnownHostsPath, ex);
            }
            if (written.Result == KnownHostsAppend.Outcome.OtherKeyRecorded)
            {
                throw new RescaleSshException("HostKeyChanged", FailureCategory.SecurityError,
                    $"{_device.KnownHostsName} offered host key {OfferedFingerprint} on a first contact, but meanwhile another connection to it recorded {string.Join(" or ", written.RecordedFingerprints)} in '{path}'. " +
                    "One of the two connections may have been intercepted, so this one was closed and nothing was recorded. Verify the recorded fingerprint with the device's owner; if it is wrong, remove it (ssh-keygen -R) and connect again.",
                    _device);
            }
        }

        /// <summary>Why a withheld password or keyboard-interactive login was not sent (only reached when no key logged in).</summary>
        private RescaleSshException Withheld() =>
            new RescaleSshException("HostKeyChanged", FailureCategory.SecurityError,
                $"{_device} accepted no key, and the password (or keyboard-interactive) login was not sent because {_distrust ?? "its host key is not the one known_hosts holds"}. " +
                $"If the device was rebuilt, remove its old key (ssh-keygen -R \"{_device.KnownHostsName}\") and connect again; otherwise log in with a key.",
                _device);
    }
}
