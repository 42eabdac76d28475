using System.IO;
using System.Linq;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Keys
{
    /// <summary>Keys made by New-RescaleKeyPair are the keys ssh-keygen and puttygen see in the files.</summary>
    public class KeyGenerationInteropTests
    {
        [Theory]
        [MemberData(nameof(KeyKit.TypeNamesWithAndWithoutPassphrase), MemberType = typeof(KeyKit))]
        public void Generated_keys_are_read_identically_by_ssh_keygen_and_puttygen(string typeName, bool encrypted)
        {
            var type = KeyKit.Type(typeName);
            using var folder = new TempFolder();
            using var ps = new PowerShellSession();
            string path = folder.Combine("key");
            var result = ps.Run(KeyKit.NewKeyScript(path, type.Algorithm, type.Size, encrypted, "-Format Both"), ("pass", KeyKit.Secure(KeyKit.Pass)));
            Assert.Empty(result.AllErrors);
            var pair = result.Single<KeyPair>();
            Assert.Equal(type.Algorithm, pair.Algorithm);
            Assert.Equal(type.ToolBits, pair.KeySize);
            Assert.Equal(encrypted, pair.Encrypted);
            Assert.Equal(path, pair.PrivateKeyPath);
            Assert.Equal(path + ".pub", pair.PublicKeyPath);
            Assert.Equal(path + ".ppk", pair.PuttyKeyPath);
            Assert.Equal(pair.PublicKey + "\n", File.ReadAllText(path + ".pub"));
            Assert.EndsWith(" test@rescale", pair.PublicKey);
            KeyKit.AssertOwnerOnly(path);
            KeyKit.AssertOwnerOnly(path + ".ppk");

            // ssh-keygen -y derives the public key from our private key file.
            var derive = encrypted
                ? ExternalTool.Run("ssh-keygen", "-y", "-P", KeyKit.Pass, "-f", path)
                : ExternalTool.Run("ssh-keygen", "-y", "-f", path);
            derive.EnsureSuccess("ssh-keygen -y");
            Assert.Equal(KeyKit.TypeAndBlob(pair.PublicKey), KeyKit.TypeAndBlob(derive.StdOut));
            Assert.Equal(pair.Fingerprint, KeyKit.ToolFingerprint(path + ".pub"));
            Assert.Equal(ps.Run($"(Get-RescaleKey -Path '{path}.pub' -FingerprintHash MD5).Fingerprint").Output.Single().ToString(),
                KeyKit.ToolFingerprint(path + ".pub", "md5"));

            // puttygen reads our .ppk ...
            var ppkArgs = new[] { path + ".ppk", "-O", "public-openssh" }.ToList();
            if (encrypted) { ppkArgs.Add("--old-passphrase"); ppkArgs.Add(KeyKit.PassFile(folder)); }
            var fromPpk = ExternalTool.Run("puttygen", ppkArgs.ToArray()).EnsureSuccess("puttygen ppk");
            Assert.Equal(KeyKit.TypeAndBlob(pair.PublicKey), KeyKit.TypeAndBlob(fromPpk.StdOut));

            // ... and converts our OpenSSH private key to a .ppk of the same key.
            string converted = folder.Combine("converted.ppk");
            var convertArgs = new[] { path, "-O", "private", "-o", converted }.ToList();
            if (encrypted) { convertArgs.Add("--old-passphrase"); convertArgs.Add(KeyKit.PassFile(folder)); convertArgs.Add("--new-passphrase"); convertArgs.Add(KeyKit.PassFile(folder)); }
            ExternalTool.Run("puttygen", convertArgs.ToArray()).EnsureSuccess("puttygen convert");
            var back = ps.Run($"Get-RescaleKey -Path '{converted}' -Passphrase $pass", ("pass", KeyKit.Secure(KeyKit.Pass)));
            Assert.Empty(back.AllErrors);
            Assert.Equal(pair.Fingerprint, back.Single<KeyPair>().Fingerprint);
        }

        [Fact]
        public void Passphrases_are_UTF8_and_KdfRounds_is_written_as_ssh_keygen_writes_it()
        {
            const string passphrase = "pässwörd – ключ";
            using var folder = new TempFolder();
            using var ps = new PowerShellSession();
            string path = folder.Combine("key");
            var result = ps.Run(KeyKit.NewKeyScript(path, "Ed25519", null, true, "-Format Both -KdfRounds 32"), ("pass", KeyKit.Secure(passphrase)));
            Assert.Empty(result.AllErrors);
            var pair = result.Single<KeyPair>();

            var derive = ExternalTool.Run("ssh-keygen", "-y", "-P", passphrase, "-f", path).EnsureSuccess("ssh-keygen -y");
            Assert.Equal(KeyKit.TypeAndBlob(pair.PublicKey), KeyKit.TypeAndBlob(derive.StdOut));
            var fromPpk = ExternalTool.Run("puttygen", path + ".ppk", "--old-passphrase", KeyKit.PassFile(folder, passphrase), "-O", "public-openssh").EnsureSuccess("puttygen");
            Assert.Equal(KeyKit.TypeAndBlob(pair.PublicKey), KeyKit.TypeAndBlob(fromPpk.StdOut));

            // openssh-key-v1: magic, "aes256-ctr", "bcrypt", kdfoptions = string salt (16 bytes) + uint32 rounds.
            var lines = File.ReadAllLines(path);
            byte[] binary = System.Convert.FromBase64String(string.Concat(lines.Skip(1).Take(lines.Length - 2)));
            Assert.True(lines.Skip(1).Take(lines.Length - 2).All(l => l.Length <= 70));
            int options = 15 + 4 + "aes256-ctr".Length + 4 + "bcrypt".Length;
            Assert.Equal(new byte[] { 0, 0, 0, 24, 0, 0, 0, 16 }, binary.Skip(options).Take(8));
            Assert.Equal(new byte[] { 0, 0, 0, 32 }, binary.Skip(options + 8 + 16).Take(4));

            // ssh-keygen rewrites it with a new passphrase: the file is a normal OpenSSH key in every respect.
            ExternalTool.Run("ssh-keygen", "-p", "-P", passphrase, "-N", "", "-f", path).EnsureSuccess("ssh-keygen -p");
            Assert.Equal(pair.Fingerprint, ps.Run($"(Get-RescaleKey -Path '{path}').Fingerprint").Output.Single().ToString());
        }
    }
}
