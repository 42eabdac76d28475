using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using RescaleSsh.Keys;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Keys
{
    /// <summary>bcrypt_pbkdf and its Blowfish state, against published constants and against ssh-keygen's own output.</summary>
    public class BcryptPbkdfTests
    {
        [Fact]
        public void The_Blowfish_initial_state_is_the_hex_digits_of_pi()
        {
            uint[] state = BcryptPbkdf.InitialState;
            Assert.Equal(18 + 1024, state.Length);
            // Schneier's published P-array and S-box ends (Blowfish, 1993).
            Assert.Equal(0x243F6A88u, state[0]);
            Assert.Equal(0x85A308D3u, state[1]);
            Assert.Equal(0x8979FB1Bu, state[17]);
            Assert.Equal(0xD1310BA6u, state[18]);        // S0[0]
            Assert.Equal(0x98DFB5ACu, state[19]);        // S0[1]
            Assert.Equal(0x3AC372E6u, state[18 + 1023]); // S3[255]
        }

        [Theory]
        [InlineData(1)]
        [InlineData(16)]
        [InlineData(100)]
        public void It_derives_the_key_and_IV_that_decrypt_a_file_ssh_keygen_encrypted(int rounds)
        {
            using var folder = new TempFolder();
            string path = folder.Combine("key");
            ExternalTool.Run("ssh-keygen", "-q", "-t", "ed25519", "-a", rounds.ToString(), "-N", KeyKit.Pass, "-C", "vector", "-f", path).EnsureSuccess("ssh-keygen");
            var lines = File.ReadAllLines(path);
            byte[] binary = Convert.FromBase64String(string.Concat(lines.Skip(1).Take(lines.Length - 2)));

            // openssh-key-v1\0, string cipher, string kdf, string kdfoptions(string salt, uint32 rounds), ...
            int at = 15;
            string cipher = Encoding.ASCII.GetString(ReadString(binary, ref at));
            string kdf = Encoding.ASCII.GetString(ReadString(binary, ref at));
            byte[] options = ReadString(binary, ref at);
            int o = 0;
            byte[] salt = ReadString(options, ref o);
            Assert.Equal(("aes256-ctr", "bcrypt", rounds), (cipher, kdf, (int)ReadUInt32(options, ref o)));
            at += 4;
            ReadString(binary, ref at);
            byte[] encrypted = ReadString(binary, ref at);

            byte[] derived = BcryptPbkdf.DeriveKey(Encoding.UTF8.GetBytes(KeyKit.Pass), salt, rounds, 48);
            byte[] plain = AesModes.Ctr(derived.Take(32).ToArray(), derived.Skip(32).ToArray(), encrypted);
            int p = 0;
            uint check1 = ReadUInt32(plain, ref p), check2 = ReadUInt32(plain, ref p);
            Assert.Equal(check1, check2);
            Assert.Equal("ssh-ed25519", Encoding.ASCII.GetString(ReadString(plain, ref p)));
        }

        [Fact]
        public void Output_bytes_are_spread_across_blocks_and_depend_on_every_input()
        {
            byte[] pass = Encoding.UTF8.GetBytes("password"), salt = Encoding.UTF8.GetBytes("salt");
            byte[] a = BcryptPbkdf.DeriveKey(pass, salt, 4, 48);
            Assert.Equal(48, a.Length);
            Assert.Equal(a, BcryptPbkdf.DeriveKey(pass, salt, 4, 48));
            Assert.NotEqual(a, BcryptPbkdf.DeriveKey(pass, salt, 5, 48));
            Assert.NotEqual(a, BcryptPbkdf.DeriveKey(Encoding.UTF8.GetBytes("passwore"), salt, 4, 48));
            Assert.NotEqual(a, BcryptPbkdf.DeriveKey(pass, Encoding.UTF8.GetBytes("salu"), 4, 48));
            // bcrypt_pbkdf interleaves: byte i of the key comes from block (i mod stride); a shorter key is not a prefix.
            Assert.NotEqual(a.Take(32), BcryptPbkdf.DeriveKey(pass, salt, 4, 32));
        }

        private static uint ReadUInt32(byte[] data, ref int at)
        {
            uint v = (uint)(data[at] << 24 | data[at + 1] << 16 | data[at + 2] << 8 | data[at + 3]);
            at += 4;
            return v;
        }

        private static byte[] ReadString(byte[] data, ref int at)
        {
            int length = (int)ReadUInt32(data, ref at);
            var result = data.Skip(at).Take(length).ToArray();
            at += length;
            return result;
        }
    }
}
