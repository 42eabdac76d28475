using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using RescaleSsh.Connections;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Engine.Tests.Connections
{
    /// <summary>
    /// known_hosts under concurrent first contacts (the host's entries read again under the lock before an append) and
    /// the per-command cache (one parse while the file's length and last-write time stay the same).
    /// </summary>
    public class KnownHostsRaceAndCacheTests
    {
        private static byte[] Blob(byte fill)
        {
            var name = Encoding.ASCII.GetBytes("ssh-ed25519");
            var blob = new byte[4 + name.Length + 4 + 32];
            blob[3] = (byte)name.Length;
            name.CopyTo(blob, 4);
            blob[4 + name.Length + 3] = 32;
            for (int i = blob.Length - 32; i < blob.Length; i++) blob[i] = fill;
            return blob;
        }

        private static readonly byte[] KeyA = Blob(1);
        private static readonly byte[] KeyB = Blob(2);
        private static readonly Device Host = new Device("10.0.0.5", "u", 2222);

        [Fact]
        public void Append_refuses_a_second_key_for_a_host_recorded_meanwhile_and_writes_nothing()
        {
            using var folder = new TempFolder();
            string path = folder.Combine("known_hosts");

            Assert.Equal(KnownHostsAppend.Outcome.Appended, KnownHostsFile.Append(path, Host, "ssh-ed25519", KeyA).Result);
            string after = File.ReadAllText(path);
            var second = KnownHostsFile.Append(path, Host, "ssh-ed25519", KeyB);
            var again = KnownHostsFile.Append(path, Host, "ssh-ed25519", KeyA);

            Assert.Equal(KnownHostsAppend.Outcome.OtherKeyRecorded, second.Result);
            Assert.Equal(new[] { RescaleSsh.Wire.Fingerprint.Sha256(KeyA) }, second.RecordedFingerprints);
            Assert.Equal(KnownHostsAppend.Outcome.AlreadyRecorded, again.Result);
            Assert.Equal(after, File.ReadAllText(path));
        }

        [Fact]
        public void A_hashed_or_wildcard_entry_for_the_host_counts_as_recorded()
        {
            using var folder = new TempFolder();
            string path = folder.Combine("known_hosts");
            var salt = Enumerable.Range(1, 20).Select(i => (byte)i).ToArray();
            using (var hmac = new HMACSHA1(salt))
            {
                string hashed = $"|1|{Convert.ToBase64String(salt)}|{Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(Host.KnownHostsName)))}";
                File.WriteAllText(path, $"{hashed} ssh-ed25519 {Convert.ToBase64String(KeyA)}\n[10.0.0.*]:2222 ssh-ed25519 {Convert.ToBase64String(KeyA)}");
            }
            string before = File.ReadAllText(path);

            Assert.Equal(KnownHostsAppend.Outcome.OtherKeyRecorded, KnownHostsFile.Append(path, Host, "ssh-ed25519", KeyB).Result);
            Assert.Equal(before, File.ReadAllText(path));
        }

        [Fact]
        public void Two_first_contacts_that_both_found_the_host_new_record_one_key_and_the_second_is_HostKeyChanged()
        {
            using var folder = new TempFolder();
            var options = new ConnectionOptions { KnownHostsPath = folder.Combine("known_hosts"), KnownHosts = new KnownHostsCache() };
            var first = new HostKeyCheck(Host, options);
            var second = new HostKeyCheck(Host, options);

            Assert.True(first.Evaluate("ssh-ed25519", KeyA));
            Assert.True(second.Evaluate("ssh-ed25519", KeyB));
            Assert.True(first.ShouldRecord && second.ShouldRecord);

            first.Record();
            var refused = Assert.Throws<RescaleSshException>(() => second.Record());

            Assert.Equal("HostKeyChanged", refused.ErrorId);
            Assert.Equal(FailureCategory.SecurityError, refused.Category);
            Assert.Contains(RescaleSsh.Wire.Fingerprint.Sha256(KeyA), refused.Message);
            Assert.Contains(RescaleSsh.Wire.Fingerprint.Sha256(KeyB), refused.Message);
            Assert.Single(File.ReadAllLines(options.KnownHostsPath));
        }

        [Fact]
        public void A_first_contact_after_another_recorded_the_host_is_refused_during_key_exchange()
        {
            using var folder = new TempFolder();
            var options = new ConnectionOptions { KnownHostsPath = folder.Combine("known_hosts"), KnownHosts = new KnownHostsCache() };
            var later = new HostKeyCheck(Host, options); // made while the file was still empty
            var first = new HostKeyCheck(Host, options);
            Assert.True(first.Evaluate("ssh-ed25519", KeyA));
            first.Record();

            Assert.False(later.Evaluate("ssh-ed25519", KeyB));
            Assert.Equal("HostKeyChanged", later.Refusal.ErrorId);
        }

        [Fact]
        public void The_cache_parses_once_while_the_file_is_unchanged_and_again_after_another_writer()
        {
            using var folder = new TempFolder();
            string path = folder.Combine("known_hosts");
            File.WriteAllText(path, $"[10.0.0.5]:2222 ssh-ed25519 {Convert.ToBase64String(KeyA)}\n");
            var cache = new KnownHostsCache();

            var one = cache.Get(path);
            var two = cache.Get(path);
            Assert.Same(one, two);
            Assert.Equal(1, cache.Loads);

            File.AppendAllText(path, $"other ssh-ed25519 {Convert.ToBase64String(KeyB)}\n");
            var three = cache.Get(path);
            Assert.Equal(2, cache.Loads);
            Assert.Equal(2, three.Count);
        }

        [Fact]
        public void An_append_by_the_command_hands_its_file_to_the_cache_without_another_parse()
        {
            using var folder = new TempFolder();
            var options = new ConnectionOptions { KnownHostsPath = folder.Combine("known_hosts"), KnownHosts = new KnownHostsCache() };
            for (int i = 0; i < 5; i++)
            {
                var device = new Device("10.0.2." + i, "u", 22);
                var check = new HostKeyCheck(device, options);
                Assert.True(check.Evaluate("ssh-ed25519", KeyA));
                check.Record();
            }
            Assert.Equal(5, File.ReadAllLines(options.KnownHostsPath).Length);
            Assert.Equal(1, options.KnownHosts.Loads);
            Assert.Equal(HostKeyStatus.Known, options.KnownHosts.Get(options.KnownHostsPath).Check(new Device("10.0.2.4", "u", 22), KeyA, out _));
        }

        [Fact]
        public void GiveUpSecurityAndAcceptAny_trusts_a_changed_key_but_allows_no_secret_login_and_says_both_fingerprints()
        {
            using var folder = new TempFolder();
            var options = new ConnectionOptions { KnownHostsPath = folder.Combine("known_hosts"), HostKeyPolicy = HostKeyPolicy.GiveUpSecurityAndAcceptAny };
            File.WriteAllText(options.KnownHostsPath, $"[10.0.0.5]:2222 ssh-ed25519 {Convert.ToBase64String(KeyA)}\n");

            var changed = new HostKeyCheck(Host, options);
            Assert.True(changed.Evaluate("ssh-ed25519", KeyB));
            Assert.False(changed.AllowsSecretLogin);
            Assert.Contains(RescaleSsh.Wire.Fingerprint.Sha256(KeyA), changed.Warning);
            Assert.Contains(RescaleSsh.Wire.Fingerprint.Sha256(KeyB), changed.Warning);
            var secondConnection = HostKeyCheck.SameKeyAs(changed, Host, options);
            Assert.True(secondConnection.Evaluate("ssh-ed25519", KeyB));
            Assert.False(secondConnection.AllowsSecretLogin);

            var known = new HostKeyCheck(Host, options);
            Assert.True(known.Evaluate("ssh-ed25519", KeyA));
            Assert.True(known.AllowsSecretLogin);
            Assert.Null(known.Warning);

            var unknown = new HostKeyCheck(new Device("10.9.9.9", "u"), options);
            Assert.True(unknown.Evaluate("ssh-ed25519", KeyB));
            Assert.True(unknown.AllowsSecretLogin);
        }
    }
}
