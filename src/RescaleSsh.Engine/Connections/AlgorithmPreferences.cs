using System.Collections.Generic;
using Renci.SshNet;

namespace RescaleSsh.Connections
{
    /// <summary>Which algorithms a connection asks for first: fastest ciphers, cheap key exchanges, known host key types.</summary>
    internal static class AlgorithmPreferences
    {
        /// <summary>Fastest first on loopback and LAN (measured: AES-GCM ~1.5-2x aes128-ctr in SSH.NET).</summary>
        private static readonly string[] Ciphers =
            { "aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "aes128-ctr", "aes256-ctr", "chacha20-poly1305@openssh.com" };

        /// <summary>
        /// Post-quantum hybrid ML-KEM first (OpenSSH 9.9+ servers; cheap), then curve25519, and only then
        /// sntrup761x25519, which SSH.NET computes in managed code at ~70-100 ms of CPU per connection: with
        /// OpenSSH 8.5-9.8 servers that made a 25-device fleet CPU-bound. See README, "Key exchange".
        /// </summary>
        private static readonly string[] KeyExchanges =
            { "mlkem768x25519-sha256", "curve25519-sha256", "curve25519-sha256@libssh.org" };

        /// <summary>Reorders <paramref name="info"/>'s offers; <paramref name="hostKeyTypes"/> are the types known_hosts holds for the device, asked for first as OpenSSH does.</summary>
        public static void Apply(ConnectionInfo info, IReadOnlyList<string> hostKeyTypes)
        {
            int position = 0;
            foreach (var kex in KeyExchanges)
            {
                if (info.KeyExchangeAlgorithms.ContainsKey(kex)) info.KeyExchangeAlgorithms.SetPosition(kex, position++);
            }
            position = 0;
            foreach (var cipher in Ciphers)
            {
                if (info.Encryptions.ContainsKey(cipher)) info.Encryptions.SetPosition(cipher, position++);
            }
            position = 0;
            foreach (var keyType in hostKeyTypes)
            {
                var algorithms = keyType == "ssh-rsa" ? new[] { "rsa-sha2-512", "rsa-sha2-256", "ssh-rsa" } : new[] { keyType };
                foreach (var algorithm in algorithms)
                {
                    if (info.HostKeyAlgorithms.ContainsKey(algorithm)) info.HostKeyAlgorithms.SetPosition(algorithm, position++);
                }
            }
        }
    }
}
