using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using RescaleSsh.Keys;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Keys
{
    /// <summary>Bad input ends in one clear ErrorRecord with its own id, and nothing is written or changed.</summary>
    public class KeyInputErrorTests
    {
        private const string New = "RescaleSsh.Commands.NewRescaleKeyPairCommand";
        private const string Get = "RescaleSsh.Commands.GetRescaleKeyCommand";
        private const string Convert = "RescaleSsh.Commands.ConvertRescaleKeyCommand";

        [Theory]
        [InlineData("RSA", 1024, "KeySizeInvalid")]
        [InlineData("RSA", 2047, "KeySizeInvalid")]
        [InlineData("RSA", 16392, "KeySizeInvalid")]
        [InlineData("ECDSA", 300, "KeySizeInvalid")]
        [InlineData("Ed25519", 256, "KeySizeNotApplicable")]
        public void Key_sizes_outside_the_bounds_are_refused_before_anything_is_written(string algorithm, int size, string id)
        {
            using var folder = new TempFolder();
            using var ps = new PowerShellSession();
            var result = ps.Run(KeyKit.NewKeyScript(folder.Combine("sub", "key"), algorithm, size, false));
            Assert.Equal(new[] { id + "," + New }, result.ErrorIds);
            Assert.Equal(ErrorCategory.InvalidArgument, result.AllErrors.Single().CategoryInfo.Category);
            Assert.Empty(result.Output);
            Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
        }

        [Fact]
        public void The_RSA_bounds_2048_and_16384_are_accepted_and_ECDSA_takes_its_three_curves()
        {
            Assert.Equal(2048, KeyGenerator.ValidateSize(RescaleSsh.KeyAlgorithm.RSA, 2048));
            Assert.Equal(16384, KeyGenerator.ValidateSize(RescaleSsh.KeyAlgorithm.RSA, 16384));
            Assert.Equal(4096, KeyGenerator.ValidateSize(RescaleSsh.KeyAlgorithm.RSA, null));
            foreach (var bits in new[] { 256, 384, 521 }) Assert.Equal(bits, KeyGenerator.ValidateSize(RescaleSsh.KeyAlgorithm.ECDSA, bits));
            Assert.Equal(256, KeyGenerator.ValidateSize(RescaleSsh.KeyAlgorithm.ECDSA, null));
            Assert.Equal(256, KeyGenerator.ValidateSize(RescaleSsh.KeyAlgorithm.Ed25519, null));
            Assert.Equal("KeySizeInvalid", Assert.Throws<RescaleSshException>(() => KeyGenerator.ValidateSize(RescaleSsh.KeyAlgorithm.RSA, 16385)).ErrorId);
        }

        [Fact]
        public void A_wrong_passphrase_is_KeyPassphraseIncorrect_for_every_encrypted_format()
        {
            using var folder = new TempFolder();
            using var ps = new PowerShellSession();
            string ours = folder.Combine("ours");
            Assert.Empty(ps.Run(KeyKit.NewKeyScript(ours, "Ed25519", null, true, "-Format Both"), ("pass", KeyKit.Secure(KeyKit.Pass))).AllErrors);
            string pem = folder.Combine("pem");
            ExternalTool.Run("ssh-keygen", "-q", "-t", "ecdsa", "-m", "PEM", "-N", KeyKit.Pass, "-f", pem).EnsureSuccess("ssh-keygen");
            string pkcs8 = folder.Combine("pkcs8");
            ExternalTool.Run("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-m", "PKCS8", "-N", KeyKit.Pass, "-f", pkcs8).EnsureSuccess("ssh-keygen");
            string v2 = folder.Combine("v2.ppk");
            ExternalTool.Run("puttygen", "-t", "ed25519", "-o", v2, "--new-passphrase", KeyKit.PassFile(folder), "--ppk-param", "version=2").EnsureSuccess("puttygen");
            var before = KeyKit.Snapshot(folder.Path);

            const string wrong = "not the passphrase";
            foreach (var file in new[] { ours, ours + ".ppk", pem, pkcs8, v2 })
            {
                var get = ps.Run($"Get-RescaleKey -Path '{file}' -Passphrase $pass", ("pass", KeyKit.Secure(wrong)));
                Assert.Equal(new[] { "KeyPassphraseIncorrect," + Get }, get.ErrorIds);
                var error = get.AllErrors.Single();
                Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
                Assert.Equal(file, error.TargetObject);
                Assert.DoesNotContain(wrong, error.Exception.Message);

                var convert = ps.Run($"Convert-RescaleKey -Path '{file}' -Format OpenSSH -Destination '{folder.Combine("out")}' -Passphrase $pass", ("pass", KeyKit.Secure(wrong)));
                Assert.Equal(new[] { "KeyPassphraseIncorrect," + Convert }, convert.ErrorIds);
            }
            Assert.Equal(before, KeyKit.Snapshot(folder.Path));
        }

        [Fact]
        public void An_encrypted_key_without_its_passphrase_is_KeyPassphraseRequired_where_the_private_key_is_needed()
        {
            using var folder = new TempFolder();
            using var ps = new PowerShellSession();
            string ours = folder.Combine("ours");
            Assert.Empty(ps.Run(KeyKit.NewKeyScript(ours, "ECDSA", null, true), ("pass", KeyKit.Secure(KeyKit.Pass))).AllErrors);
            string pem = folder.Combine("pem");
            ExternalTool.Run("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-m", "PEM", "-N", KeyKit.Pass, "-f", pem).EnsureSuccess("ssh-keygen");
            var before = KeyKit.Snapshot(folder.Path);

            var convert = ps.Run($"Convert-RescaleKey -Path '{ours}' -Format PuTTY");
            Assert.Equal(new[] { "KeyPassphraseRequired," + Convert }, convert.ErrorIds);
            var getPem = ps.Run($"Get-RescaleKey -Path '{pem}'");
            Assert.Equal(new[] { "KeyPassphraseRequired," + Get }, getPem.ErrorIds);
            Assert.Equal(before, KeyKit.Snapshot(folder.Path));
        }

        [Fact]
        public void Truncated_garbage_empty_and_endless_files_are_KeyFileInvalid()
        {
            using var folder = new TempFolder();
            using var ps = new PowerShellSession();
            string key = folder.Combine("key");
            Assert.Empty(ps.Run(KeyKit.NewKeyScript(key, "RSA", 2048, false, "-Format Both")).AllErrors);
            string privateText = File.ReadAllText(key);
            File.WriteAllText(folder.Combine("truncated"), privateText.Substring(0, privateText.Length / 2));
            File.WriteAllText(folder.Combine("truncated-end"), privateText.Substring(0, privateText.Length - 40) + "\n-----END OPENSSH PRIVATE KEY-----\n");
            string ppkText = File.ReadAllText(key + ".ppk");
            File.WriteAllText(folder.Combine("truncated.ppk"), ppkText.Substring(0, ppkText.Length / 2));
            var random = new Random(7);
            var garbage = new byte[3000];
            random.NextBytes(garbage);
            File.WriteAllBytes(folder.Combine("garbage"), garbage);
            File.WriteAllText(folder.Combine("empty"), "");
            File.WriteAllText(folder.Combine("text"), "Hello, this is not a key.\n");

            File.WriteAllBytes(folder.Combine("huge"), new byte[2 * 1024 * 1024]);
            foreach (var name in new[] { "truncated", "truncated-end", "truncated.ppk", "garbage", "empty", "text", "huge", "/dev/zero" })
            {
                string path = name.StartsWith('/') ? name : folder.Combine(name);
                var result = ps.Run($"Get-RescaleKey -Path '{path}'");
                Assert.Equal(new[] { "KeyFileInvalid," + Get }, result.ErrorIds);
                var error = result.AllErrors.Single();
                Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
                Assert.Equal(path, error.TargetObject);
                Assert.DoesNotContain(privateText.Split('\n')[2], error.Exception.Message);
            }
        }

        [Fact]
        public void A_public_key_where_a_private_key_is_needed_is_NotAPrivateKey()
        {
            using var folder = new TempFolder();
            using var ps = new PowerShellSession();
            string key = folder.Combine("key");
            Assert.Empty(ps.Run(KeyKit.NewKeyScript(key, "Ed25519", null, false)).AllErrors);
            var before = KeyKit.Snapshot(folder.Path);
            var result = ps.Run($"Convert-RescaleKey -Path '{key}.pub' -Format PuTTY");
            Assert.Equal(new[] { "NotAPrivateKey," + Convert }, result.ErrorIds);
            Assert.Equal(ErrorCategory.InvalidData, result.AllErrors.Single().CategoryInfo.Category);
            Assert.Equal(before, KeyKit.Snapshot(folder.Path));
        }

        [Fact]
        public void Missing_files_are_KeyFileNotFound_and_wildcards_matching_nothing_are_quiet()
        {
            using var folder = new TempFolder();
            using var ps = new PowerShellSession();
            var get = ps.Run($"Get-RescaleKey -Path '{folder.Combine("absent")}'");
            Assert.Equal(new[] { "KeyFileNotFound," + Get }, get.ErrorIds);
            Assert.Equal(ErrorCategory.ObjectNotFound, get.AllErrors.Single().CategoryInfo.Category);
            var convert = ps.Run($"Convert-RescaleKey -Path '{folder.Combine("absent")}' -Format PuTTY");
            Assert.Equal(new[] { "KeyFileNotFound," + Convert }, convert.ErrorIds);
            var wildcard = ps.Run($"Get-RescaleKey -Path '{folder.Combine("absent*")}'");
            Assert.Empty(wildcard.AllErrors);
            Assert.Empty(wildcard.Output);
            Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
        }

        [Fact]
        public void Convert_does_not_overwrite_without_Force()
        {
            using var folder = new TempFolder();
            using var ps = new PowerShellSession();
            string key = folder.Combine("key");
            Assert.Empty(ps.Run(KeyKit.NewKeyScript(key, "Ed25519", null, false, "-Format Both")).AllErrors);
            var before = KeyKit.Snapshot(folder.Path);
            var result = ps.Run($"Convert-RescaleKey -Path '{key}' -Format PuTTY");
            Assert.Equal(new[] { "KeyFileExists," + Convert }, result.ErrorIds);
            Assert.Equal(ErrorCategory.ResourceExists, result.AllErrors.Single().CategoryInfo.Category);
            Assert.Equal(before, KeyKit.Snapshot(folder.Path));

            var forced = ps.Run($"Convert-RescaleKey -Path '{key}' -Format PuTTY -Force");
            Assert.Empty(forced.AllErrors);
            KeyKit.AssertOwnerOnly(key + ".ppk");
        }

        [Fact]
        public void Unsupported_key_types_and_bad_public_key_lines_have_their_own_ids()
        {
            using var folder = new TempFolder();
            using var ps = new PowerShellSession();
            // An ssh-dss public key: string "ssh-dss", mpint p, q, g, y (RFC 4253 6.6).
            var blob = new byte[] { 0, 0, 0, 7 }.Concat("ssh-dss"u8.ToArray())
                .Concat(Enumerable.Range(0, 4).SelectMany(_ => new byte[] { 0, 0, 0, 1, 5 })).ToArray();
            File.WriteAllText(folder.Combine("dsa.pub"), "ssh-dss " + System.Convert.ToBase64String(blob) + " old\n");
            var dsa = ps.Run($"Get-RescaleKey -Path '{folder.Combine("dsa.pub")}'");
            Assert.Equal(new[] { "KeyTypeNotSupported," + Get }, dsa.ErrorIds);

            var line = ps.Run("Get-RescaleKey -PublicKey 'ssh-ed25519 not-base64!! me'");
            Assert.Equal(new[] { "PublicKeyInvalid," + Get }, line.ErrorIds);
            Assert.Equal(ErrorCategory.InvalidData, line.AllErrors.Single().CategoryInfo.Category);

            // A private key pasted where a public key line belongs is refused without echoing it.
            string key = folder.Combine("secret");
            Assert.Empty(ps.Run(KeyKit.NewKeyScript(key, "Ed25519", null, false)).AllErrors);
            string privateText = File.ReadAllText(key);
            var pasted = ps.Run("Get-RescaleKey -PublicKey $text", ("text", privateText));
            Assert.Equal(new[] { "PublicKeyInvalid," + Get }, pasted.ErrorIds);
            var error = pasted.AllErrors.Single();
            Assert.Contains("private key", error.Exception.Message);
            foreach (var chunk in privateText.Split('\n').Skip(1).Where(l => l.Length > 20)) Assert.DoesNotContain(chunk, error.ToString() + error.Exception.Message + error.TargetObject);
        }
    }
}
