using System;
using System.IO;
using System.Collections.Generic;
using System.Linq;
using RescaleSsh.Wire;

namespace RescaleSsh.Connections
{
    /// <summary>
    /// Decides, while the key exchange is still running (before anything is authenticated or sent),
    /// whether the host key a device offers is trusted under the HostKeyPolicy, the pins and known_hosts.
    /// </summary>
    internal sealed class HostKeyCheck
    {
        private readonly Device _device;
        private readonly ConnectionOptions _options;
        private readonly KnownHostsFile _knownHosts;

        /// <summary>For a second connection to a device: trusts only the key <see cref="_sameKeyAs"/> verified.</summary>
        private HostKeyCheck _sameKeyAs;

        public HostKeyCheck(Device device, ConnectionOptions options)
        {
            _device = device;
            _options = options;
            try
            {
                _knownHosts = KnownHostsFile.Load(options.EffectiveKnownHostsPath);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new RescaleSshException("KnownHostsUnreadable", FailureCategory.ReadError,
                    $"The known_hosts file '{options.EffectiveKnownHostsPath}' cannot be read: {ex.Message} Fix its permissions or pass another -KnownHostsPath.",
                    options.EffectiveKnownHostsPath, ex);
            }
        }

        public string OfferedKeyType { get; private set; }
        public byte[] OfferedKey { get; private set; }
        public string OfferedFingerprint { get; private set; }
        public HostKeyStatus? Status { get; private set; }
        /// <summary>Why the key was refused; null when it was trusted.</summary>
        public RescaleSshException Refusal { get; private set; }

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

        public void Record()
        {
            try
            {
                KnownHostsFile.Append(_options.EffectiveKnownHostsPath, _device, OfferedKeyType, OfferedKey);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new RescaleSshException("KnownHostsUnwritable", FailureCategory.WriteError,
                    $"The host key of {_device.KnownHostsName} cannot be recorded in '{_options.EffectiveKnownHostsPath}': {ex.Message} Fix its permissions, pass another -KnownHostsPath, or pin the key with -HostKeyFingerprint.",
                    _options.EffectiveKnownHostsPath, ex);
            }
        }
    }
}
