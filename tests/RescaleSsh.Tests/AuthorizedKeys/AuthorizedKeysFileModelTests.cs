using System;
using System.IO;
using System.Linq;
using System.Text;
using RescaleSsh.AuthorizedKeys;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.AuthorizedKeys
{
    /// <summary>The authorized_keys model on its own: parsing every line form, and byte-exact writing.</summary>
    public class AuthorizedKeysFileModelTests : IDisposable
    {
        private readonly TempFolder _folder = new TempFolder();

        private string NewKey(string type, string comment, int bits = 0)
        {
            string path = _folder.Combine(type + Guid.NewGuid().ToString("N").Substring(0, 6));
            var args = new System.Collections.Generic.List<string> { "-q", "-t", type, "-N", "", "-C", comment, "-f", path };
            if (bits > 0) { args.Add("-b"); args.Add(bits.ToString()); }
            ExternalTool.Run("ssh-keygen", args.ToArray()).EnsureSuccess("ssh-keygen");
            return path;
        }

        [Theory]
        [InlineData("ed25519", 0, 256)]
        [InlineData("rsa", 3072, 3072)]
        [InlineData("ecdsa", 384, 384)]
        [InlineData("ecdsa", 521, 521)]
        public void Fingerprint_and_size_match_what_ssh_keygen_prints(string type, int bits, int expectedSize)
        {
            string key = NewKey(type, "me@pc", bits);
            string[] printed = ExternalTool.Run("ssh-keygen", "-l", "-E", "sha256", "-f", key + ".pub").EnsureSuccess("ssh-keygen -l").StdOut.Split(' ');

            Assert.True(PublicKeyParser.TryParseKey(File.ReadAllText(key + ".pub"), out var parsed, out _));

            Assert.Equal(printed[1], parsed.Fingerprint);
            Assert.Equal(int.Parse(printed[0]), parsed.KeySize);
            Assert.Equal(expectedSize, parsed.KeySize);
            Assert.Equal("me@pc", parsed.Comment);
        }

        [Fact]
        public void Options_with_quoted_spaces_and_commas_are_kept_apart_from_the_key_and_its_comment()
        {
            string key = File.ReadAllText(NewKey("ed25519", "alice@laptop") + ".pub").Trim();
            var line = AuthorizedKeyLine.Parse(3, "from=\"a,b\",command=\"echo x y\",no-pty " + key + " extra words");

            Assert.Equal(AuthorizedKeyLineKind.Key, line.Kind);
            Assert.Equal("from=\"a,b\",command=\"echo x y\",no-pty", line.Options);
            Assert.Equal("ssh-ed25519", line.Key.Algorithm);
            Assert.Equal("alice@laptop extra words", line.Key.Comment);
        }

        [Fact]
        public void A_quote_escaped_inside_an_option_value_does_not_end_the_options()
        {
            string key = File.ReadAllText(NewKey("ed25519", "c") + ".pub").Trim();
            var line = AuthorizedKeyLine.Parse(1, "command=\"echo \\\"hi there\\\"\" " + key);

            Assert.Equal(AuthorizedKeyLineKind.Key, line.Kind);
            Assert.Equal("command=\"echo \\\"hi there\\\"\"", line.Options);
        }

        [Fact]
        public void Blank_comment_malformed_and_unknown_type_lines_are_told_apart()
        {
            Assert.Equal(AuthorizedKeyLineKind.Blank, AuthorizedKeyLine.Parse(1, " \t ").Kind);
            Assert.Equal(AuthorizedKeyLineKind.Comment, AuthorizedKeyLine.Parse(1, "  # note").Kind);
            Assert.Equal(AuthorizedKeyLineKind.Malformed, AuthorizedKeyLine.Parse(1, "hello world").Kind);
            Assert.Equal(AuthorizedKeyLineKind.Malformed, AuthorizedKeyLine.Parse(1, "ssh-ed25519 !!!notbase64").Kind);
            Assert.Equal(AuthorizedKeyLineKind.Malformed, AuthorizedKeyLine.Parse(1, "command=\"unclosed ssh-ed25519 AAAA").Kind);
            var sk = AuthorizedKeyLine.Parse(1, "sk-ssh-ed25519@openssh.com " + AuthorizedKeysTestBed.SecurityKeyBase64() + " yubi");
            Assert.Equal(AuthorizedKeyLineKind.Key, sk.Kind);
            Assert.Equal(256, sk.Key.KeySize);
        }

        [Fact]
        public void A_key_whose_data_names_another_type_is_malformed()
        {
            string key = File.ReadAllText(NewKey("ed25519", "c") + ".pub").Trim();
            var line = AuthorizedKeyLine.Parse(1, "ssh-rsa " + key.Split(' ')[1]);
            Assert.Equal(AuthorizedKeyLineKind.Malformed, line.Kind);
        }

        [Fact]
        public void Adding_and_removing_keeps_bom_crlf_and_every_other_byte()
        {
            string a = File.ReadAllText(NewKey("ed25519", "a") + ".pub").Trim();
            string b = File.ReadAllText(NewKey("ed25519", "b") + ".pub").Trim();
            string original = "\uFEFF# c\r\nno-pty " + a + "\r\n\r\njunk line\r\n" + a.Replace(" a", " dup");
            byte[] bytes = Encoding.UTF8.GetBytes(original);
            var file = AuthorizedKeysFile.Parse(bytes);

            Assert.True(PublicKeyParser.TryParseKey(b, out var keyB, out _));
            Assert.True(file.Add(AuthorizedKeyLine.Parse(1, b)));
            Assert.False(file.Add(AuthorizedKeyLine.Parse(1, b.Replace(" b", " other comment"))));
            Assert.Equal(Encoding.UTF8.GetBytes(original + "\r\n" + b + "\r\n"), file.ToBytes());

            var removed = file.RemoveWhere(l => l.Key.Equals(keyB));
            Assert.Single(removed);
            Assert.Equal(Encoding.UTF8.GetBytes(original + "\r\n"), file.ToBytes());
        }

        [Fact]
        public void Bytes_that_are_not_utf8_survive_an_edit_unchanged()
        {
            string a = File.ReadAllText(NewKey("ed25519", "a") + ".pub").Trim();
            byte[] latin1 = { (byte)'#', (byte)' ', 0xE9, 0xFF, (byte)'\n' };
            var file = AuthorizedKeysFile.Parse(latin1);
            file.Add(AuthorizedKeyLine.Parse(1, a));
            Assert.Equal(latin1.Concat(Encoding.UTF8.GetBytes(a + "\n")).ToArray(), file.ToBytes());
        }

        [Fact]
        public void A_pub_file_with_bom_crlf_and_several_keys_gives_every_key()
        {
            string a = File.ReadAllText(NewKey("ed25519", "a") + ".pub").Trim();
            string b = File.ReadAllText(NewKey("ecdsa", "b") + ".pub").Trim();
            var keys = PublicKeyParser.ParseKeys("\uFEFF" + a + "\r\n# note\r\n\r\n" + b + "\r\n", "test");
            Assert.Equal(new[] { "a", "b" }, keys.Select(k => k.Key.Comment));
        }

        [Fact]
        public void A_puttygen_ssh2_public_key_file_reads_as_the_same_key()
        {
            string key = NewKey("rsa", "rsa-key-2026", 2048);
            string ssh2 = _folder.Combine("putty.pub");
            ExternalTool.Run("puttygen", key, "-O", "public", "-o", ssh2).EnsureSuccess("puttygen");
            Assert.StartsWith("---- BEGIN SSH2 PUBLIC KEY ----", File.ReadAllText(ssh2));

            var keys = PublicKeyParser.ParseKeys(File.ReadAllText(ssh2), "test");

            Assert.True(PublicKeyParser.TryParseKey(File.ReadAllText(key + ".pub"), out var expected, out _));
            Assert.Equal(expected.Fingerprint, Assert.Single(keys).Key.Fingerprint);
        }

        [Theory]
        [InlineData("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n")]
        [InlineData("-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n")]
        [InlineData("PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nPrivate-Lines: 1\nAAAAIQDsecret\n")]
        public void Private_key_text_is_refused_without_echoing_it(string text)
        {
            var ex = Assert.Throws<RescaleSshException>(() => PublicKeyParser.ParseKeys(text, "the input"));
            Assert.Equal("NotAPublicKey", ex.ErrorId);
            Assert.DoesNotContain("AAAA", ex.Message);
            Assert.DoesNotContain("MIIE", ex.Message);
            Assert.DoesNotContain("b3Bl", ex.Message);
        }

        public void Dispose() => _folder.Dispose();
    }
}
