using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using RescaleSsh.Tests.Infrastructure;

namespace RescaleSsh.Tests.Keys
{
    /// <summary>
    /// Key files whose passphrase derivation asks for a chosen amount of work: real ssh-keygen and puttygen files with
    /// their KDF parameters rewritten (neither format authenticates those parameters, so a reader sees them as written),
    /// and an encrypted PKCS#8 structure (RFC 5958, RFC 8018 PBES2/PBKDF2) built here with any iteration count.
    /// </summary>
    public static class CostlyKeyFiles
    {
        /// <summary>An encrypted openssh-key-v1 file (PROTOCOL.key) whose bcrypt kdfoptions say <paramref name="rounds"/>.</summary>
        public static string OpenSshWithRounds(TempFolder folder, uint rounds)
        {
            string path = folder.Combine($"openssh-rounds-{rounds}");
            ExternalTool.Run("ssh-keygen", "-q", "-t", "ed25519", "-N", KeyKit.Pass, "-a", "16", "-C", "costly", "-f", path).EnsureSuccess("ssh-keygen");
            string[] lines = File.ReadAllLines(path);
            byte[] body = Convert.FromBase64String(string.Concat(lines.Skip(1).Take(lines.Length - 2)));
            // magic "openssh-key-v1\0", string ciphername, string kdfname, string kdfoptions = { string salt, uint32 rounds }
            int at = "openssh-key-v1".Length + 1;
            at = SkipString(body, at);
            at = SkipString(body, at);
            at += 4;
            at = SkipString(body, at);
            BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(at, 4), rounds);
            WriteArmored(path, "OPENSSH PRIVATE KEY", body);
            return path;
        }

        /// <summary>A PPK v3 file encrypted by puttygen with its Argon2 header lines replaced.</summary>
        public static string PuttyWithArgon2(TempFolder folder, long memoryKiB, long passes, long parallelism)
        {
            string path = folder.Combine($"argon2-{memoryKiB}-{passes}-{parallelism}.ppk");
            ExternalTool.Run("puttygen", "-t", "ed25519", "-C", "costly", "-o", path, "--new-passphrase", KeyKit.PassFile(folder),
                "--ppk-param", "version=3,memory=8192,passes=1,parallelism=1").EnsureSuccess("puttygen");
            string text = File.ReadAllText(path);
            text = Regex.Replace(text, "Argon2-Memory: [0-9]+", "Argon2-Memory: " + memoryKiB);
            text = Regex.Replace(text, "Argon2-Passes: [0-9]+", "Argon2-Passes: " + passes);
            text = Regex.Replace(text, "Argon2-Parallelism: [0-9]+", "Argon2-Parallelism: " + parallelism);
            File.WriteAllText(path, text);
            return path;
        }

        /// <summary>
        /// "-----BEGIN ENCRYPTED PRIVATE KEY-----" with PBES2, PBKDF2-HMAC-SHA256 at <paramref name="iterations"/> and
        /// AES-256-CBC over bytes that decrypt to nothing: only a reader that refuses before deriving ends quickly.
        /// </summary>
        public static string Pkcs8WithIterations(TempFolder folder, long iterations)
        {
            byte[] pbkdf2 = Der.Sequence(Der.Oid("1.2.840.113549.1.5.12"),
                Der.Sequence(Der.Octets(new byte[16]), Der.Integer(iterations), Der.Sequence(Der.Oid("1.2.840.113549.2.9"), Der.Null())));
            byte[] cipher = Der.Sequence(Der.Oid("2.16.840.1.101.3.4.1.42"), Der.Octets(new byte[16]));
            byte[] scheme = Der.Sequence(Der.Oid("1.2.840.113549.1.5.13"), Der.Sequence(pbkdf2, cipher));
            byte[] info = Der.Sequence(scheme, Der.Octets(new byte[1232]));
            string path = folder.Combine($"pkcs8-{iterations}");
            WriteArmored(path, "ENCRYPTED PRIVATE KEY", info);
            return path;
        }

        private static int SkipString(byte[] data, int at) => at + 4 + (int)BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(at, 4));

        private static void WriteArmored(string path, string label, byte[] body)
        {
            string base64 = Convert.ToBase64String(body);
            var text = new StringBuilder($"-----BEGIN {label}-----\n");
            for (int i = 0; i < base64.Length; i += 64) text.Append(base64, i, Math.Min(64, base64.Length - i)).Append('\n');
            text.Append($"-----END {label}-----\n");
            File.WriteAllText(path, text.ToString());
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        /// <summary>Just enough DER (X.690) to build the structures above.</summary>
        private static class Der
        {
            public static byte[] Sequence(params byte[][] items) => Tlv(0x30, items.SelectMany(i => i).ToArray());
            public static byte[] Octets(byte[] value) => Tlv(0x04, value);
            public static byte[] Null() => new byte[] { 0x05, 0x00 };

            public static byte[] Integer(long value)
            {
                var bytes = BitConverter.GetBytes(value).Reverse().SkipWhile(b => b == 0).ToList();
                if (bytes.Count == 0 || bytes[0] >= 0x80) bytes.Insert(0, 0);
                return Tlv(0x02, bytes.ToArray());
            }

            public static byte[] Oid(string dotted)
            {
                var arcs = dotted.Split('.').Select(long.Parse).ToArray();
                var content = new System.Collections.Generic.List<byte> { (byte)(arcs[0] * 40 + arcs[1]) };
                foreach (long arc in arcs.Skip(2))
                {
                    var groups = new System.Collections.Generic.List<byte>();
                    long rest = arc;
                    do { groups.Insert(0, (byte)(rest & 0x7F)); rest >>= 7; } while (rest > 0);
                    for (int i = 0; i < groups.Count - 1; i++) groups[i] |= 0x80;
                    content.AddRange(groups);
                }
                return Tlv(0x06, content.ToArray());
            }

            private static byte[] Tlv(byte tag, byte[] content)
            {
                byte[] length = content.Length < 0x80
                    ? new[] { (byte)content.Length }
                    : new byte[] { 0x82, (byte)(content.Length >> 8), (byte)content.Length };
                return new[] { tag }.Concat(length).Concat(content).ToArray();
            }
        }
    }
}
