using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using RescaleSsh.Connections;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Engine.Tests.Connections
{
    public class KnownHostsFileTests
    {
        private static readonly byte[] KeyA = Blob("ssh-ed25519", 1);
        private static readonly byte[] KeyB = Blob("ssh-ed25519", 2);

        private static byte[] Blob(string type, byte fill)
        {
            var name = Encoding.ASCII.GetBytes(type);
            var blob = new byte[4 + name.Length + 4 + 32];
            blob[3] = (byte)name.Length;
            name.CopyTo(blob, 4);
            blob[4 + name.Length + 3] = 32;
            for (int i = blob.Length - 32; i < blob.Length; i++) blob[i] = fill;
            return blob;
        }

        private static string Hashed(string name, byte[] salt)
        {
            using var hmac = new HMACSHA1(salt);
            return $"|1|{Convert.ToBase64String(salt)}|{Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(name)))}";
        }

        [Theory]
        [InlineData("[10.0.0.5]:2222", "10.0.0.5", 2222, true)]
        [InlineData("10.0.0.5", "10.0.0.5", 22, true)]
        [InlineData("10.0.0.5", "10.0.0.5", 2222, false)]
        [InlineData("a,b,[10.0.0.5]:2222", "10.0.0.5", 2222, true)]
        [InlineData("10.0.0.*", "10.0.0.77", 22, true)]
        [InlineData("10.0.0.*,!10.0.0.77", "10.0.0.77", 22, false)]
        [InlineData("HOST.Example.COM", "host.example.com", 22, true)]
        public void Host_patterns_match_as_OpenSSH_matches_them(string patterns, string host, int port, bool expected)
        {
            Assert.Equal(expected, KnownHostsFile.HostsMatch(patterns, new Device(host, "u", port).KnownHostsName));
        }

        [Fact]
        public void Hashed_names_match_only_their_host_and_port()
        {
            var salt = Enumerable.Range(1, 20).Select(i => (byte)i).ToArray();
            string field = Hashed("[10.0.0.5]:2222", salt);
            Assert.True(KnownHostsFile.HostsMatch(field, "[10.0.0.5]:2222"));
            Assert.False(KnownHostsFile.HostsMatch(field, "10.0.0.5"));
        }

        [Fact]
        public void Status_is_known_new_or_changed_and_markers_never_vouch_for_a_host()
        {
            using var folder = new TempFolder();
            string path = folder.Combine("known_hosts");
            var device = new Device("10.0.0.5", "u", 2222);
            File.WriteAllText(path,
                $"@cert-authority [10.0.0.5]:2222 ssh-ed25519 {Convert.ToBase64String(KeyB)}\n" +
                $"garbage line\nother ssh-ed25519 !!notbase64!!\n" +
                $"[10.0.0.5]:2222 ssh-ed25519 {Convert.ToBase64String(KeyA)} comment\n");
            var file = KnownHostsFile.Load(path);

            Assert.Equal(HostKeyStatus.Known, file.Check(device, KeyA, out _));
            Assert.Equal(HostKeyStatus.Changed, file.Check(device, KeyB, out var expected));
            Assert.Equal(new[] { RescaleSsh.Wire.Fingerprint.Sha256(KeyA) }, expected);
            Assert.Equal(HostKeyStatus.New, file.Check(new Device("10.0.0.6", "u"), KeyA, out _));
        }

        [Fact]
        public void Append_supplies_a_missing_final_newline_and_never_duplicates_an_entry()
        {
            using var folder = new TempFolder();
            string path = folder.Combine("sub", "known_hosts");
            Directory.CreateDirectory(Path.GetDirectoryName(path));
            File.WriteAllText(path, "# no final newline");
            var device = new Device("10.0.0.5", "u", 2222);

            KnownHostsFile.Append(path, device, "ssh-ed25519", KeyA);
            KnownHostsFile.Append(path, device, "ssh-ed25519", KeyA);

            Assert.Equal($"# no final newline\n[10.0.0.5]:2222 ssh-ed25519 {Convert.ToBase64String(KeyA)}\n", File.ReadAllText(path));
        }

        [Fact]
        public void Concurrent_appends_lose_and_corrupt_nothing()
        {
            using var folder = new TempFolder();
            string path = folder.Combine("known_hosts");
            Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 16 }, i =>
                KnownHostsFile.Append(path, new Device("10.0.1." + i, "u", 2000 + i), "ssh-ed25519", KeyA));

            var lines = File.ReadAllText(path).TrimEnd('\n').Split('\n');
            Assert.Equal(64, lines.Length);
            Assert.Equal(64, lines.Distinct().Count());
            Assert.All(lines, l => Assert.Matches(@"^\[10\.0\.1\.\d+\]:\d+ ssh-ed25519 [A-Za-z0-9+/=]+$", l));
        }
    }
}
