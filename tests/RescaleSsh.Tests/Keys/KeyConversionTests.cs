using System.IO;
using System.Security;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Keys
{
    /// <summary>Convert-RescaleKey's passphrase rules and pipeline binding, checked with ssh-keygen and puttygen.</summary>
    public class KeyConversionTests
    {
        [Fact]
        public void An_encrypted_key_keeps_its_passphrase_unless_a_new_one_is_given_and_an_empty_one_removes_it()
        {
            using var folder = new TempFolder();
            using var ps = new PowerShellSession();
            string key = folder.Combine("key");
            ExternalTool.Run("ssh-keygen", "-q", "-t", "ecdsa", "-N", KeyKit.Pass, "-f", key).EnsureSuccess("ssh-keygen");
            string fingerprint = KeyKit.ToolFingerprint(key + ".pub");
            var vars = new (string, object)[] { ("pass", KeyKit.Secure(KeyKit.Pass)), ("newPass", KeyKit.Secure("second secret")), ("none", new SecureString()) };

            var same = ps.Run($"Convert-RescaleKey -Path '{key}' -Format PuTTY -Passphrase $pass", vars);
            Assert.Empty(same.AllErrors);
            Assert.True(same.Single<KeyPair>().Encrypted);
            ExternalTool.Run("puttygen", key + ".ppk", "--old-passphrase", KeyKit.PassFile(folder), "-O", "public-openssh").EnsureSuccess("puttygen with the old passphrase");

            string renewed = folder.Combine("renewed");
            var changed = ps.Run($"Convert-RescaleKey -Path '{key}.ppk' -Format OpenSSH -Destination '{renewed}' -Passphrase $pass -NewPassphrase $newPass", vars);
            Assert.Empty(changed.AllErrors);
            Assert.Equal(fingerprint, changed.Single<KeyPair>().Fingerprint);
            Assert.NotEqual(0, ExternalTool.Run("ssh-keygen", "-y", "-P", KeyKit.Pass, "-f", renewed).ExitCode);
            ExternalTool.Run("ssh-keygen", "-y", "-P", "second secret", "-f", renewed).EnsureSuccess("ssh-keygen with the new passphrase");

            string plain = folder.Combine("plain");
            var removed = ps.Run($"Convert-RescaleKey -Path '{renewed}' -Format OpenSSH -Destination '{plain}' -Passphrase $newPass -NewPassphrase $none", vars);
            Assert.Empty(removed.AllErrors);
            Assert.False(removed.Single<KeyPair>().Encrypted);
            ExternalTool.Run("ssh-keygen", "-y", "-P", "", "-f", plain).EnsureSuccess("ssh-keygen without a passphrase");
            KeyKit.AssertOwnerOnly(plain);
        }

        [Fact]
        public void KeyPair_objects_pipe_into_Convert_RescaleKey()
        {
            using var folder = new TempFolder();
            using var ps = new PowerShellSession();
            string key = folder.Combine("piped");
            var result = ps.Run(KeyKit.NewKeyScript(key, "Ed25519", null, false) + " | Convert-RescaleKey -Format PuTTY");
            Assert.Empty(result.AllErrors);
            var pair = result.Single<KeyPair>();
            Assert.Equal(key, pair.PrivateKeyPath);
            Assert.Equal(key + ".ppk", pair.PuttyKeyPath);
            Assert.Equal(key + ".pub", pair.PublicKeyPath);
            Assert.Equal(KeyKit.ToolFingerprint(key + ".pub"), pair.Fingerprint);
            Assert.Equal(pair.Fingerprint, ExternalTool.Run("puttygen", key + ".ppk", "-l").EnsureSuccess("puttygen -l").StdOut.Trim().Split(' ')[2]);
        }

        [Fact]
        public void A_PEM_key_converts_to_OpenSSH_in_place_with_Force()
        {
            using var folder = new TempFolder();
            using var ps = new PowerShellSession();
            string key = folder.Combine("legacy");
            ExternalTool.Run("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-m", "PEM", "-N", "", "-f", key).EnsureSuccess("ssh-keygen");
            Assert.StartsWith("-----BEGIN RSA PRIVATE KEY-----", File.ReadAllText(key));
            var result = ps.Run($"Convert-RescaleKey -Path '{key}' -Format OpenSSH -Force");
            Assert.Empty(result.AllErrors);
            Assert.StartsWith("-----BEGIN OPENSSH PRIVATE KEY-----", File.ReadAllText(key));
            Assert.Equal(KeyKit.ToolFingerprint(key + ".pub"), result.Single<KeyPair>().Fingerprint);
            KeyKit.AssertOwnerOnly(key);
            ExternalTool.Run("ssh-keygen", "-y", "-f", key).EnsureSuccess("ssh-keygen -y");
        }
    }
}
