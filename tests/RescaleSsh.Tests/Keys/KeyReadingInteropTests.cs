using System.Collections.Generic;
using System.IO;
using System.Linq;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Keys
{
    /// <summary>Keys written by ssh-keygen and puttygen are read by Get-RescaleKey with the fingerprints those tools print.</summary>
    public class KeyReadingInteropTests
    {
        public static IEnumerable<object[]> SshKeygenFiles()
        {
            foreach (var (type, bits) in new[] { ("rsa", 2048), ("rsa", 4096), ("ed25519", 256), ("ecdsa", 256), ("ecdsa", 384), ("ecdsa", 521) })
            {
                yield return new object[] { type, bits, "", false };
                yield return new object[] { type, bits, "", true };
                if (type != "ed25519")
                {
                    yield return new object[] { type, bits, "PEM", false };
                    yield return new object[] { type, bits, "PEM", true };
                    yield return new object[] { type, bits, "PKCS8", false };
                    yield return new object[] { type, bits, "PKCS8", true };
                }
            }
        }

        [Theory]
        [MemberData(nameof(SshKeygenFiles))]
        public void Keys_written_by_ssh_keygen_are_read_with_its_fingerprint(string type, int bits, string format, bool encrypted)
        {
            using var folder = new TempFolder();
            using var ps = new PowerShellSession();
            string path = folder.Combine("id_" + type);
            var args = new List<string> { "-q", "-t", type, "-b", bits.ToString(), "-C", "made-by-ssh-keygen", "-N", encrypted ? KeyKit.Pass : "", "-f", path };
            if (format != "") { args.Add("-m"); args.Add(format); }
            ExternalTool.Run("ssh-keygen", args.ToArray()).EnsureSuccess("ssh-keygen");
            string expected = KeyKit.ToolFingerprint(path + ".pub");
            string publicLine = File.ReadAllText(path + ".pub").Trim();
            File.Delete(path + ".pub"); // read the private file alone

            var result = ps.Run($"Get-RescaleKey -Path '{path}' -Passphrase $pass", ("pass", KeyKit.Secure(KeyKit.Pass)));
            Assert.Empty(result.AllErrors);
            var pair = result.Single<KeyPair>();
            Assert.Equal(expected, pair.Fingerprint);
            Assert.Equal(KeyKit.TypeAndBlob(publicLine), KeyKit.TypeAndBlob(pair.PublicKey));
            Assert.Equal(bits, pair.KeySize);
            Assert.Equal(encrypted, pair.Encrypted);
            Assert.Equal(path, pair.PrivateKeyPath);
            if (format == "") Assert.Equal("made-by-ssh-keygen", pair.Comment);
            if (format != "")
            {
                // PEM holds no comment: like ssh-keygen -l, it comes from the .pub beside the key.
                File.WriteAllText(path + ".pub", publicLine + "\n");
                Assert.Equal("made-by-ssh-keygen", ps.Run($"(Get-RescaleKey -Path '{path}' -Passphrase $pass).Comment", ("pass", KeyKit.Secure(KeyKit.Pass))).Output.Single().ToString());
                File.Delete(path + ".pub");
            }

            // Convert-RescaleKey round-trips OpenSSH -> PPK -> OpenSSH with the same fingerprint, and puttygen agrees on the PPK.
            var toPpk = ps.Run($"Convert-RescaleKey -Path '{path}' -Format PuTTY -Passphrase $pass", ("pass", KeyKit.Secure(KeyKit.Pass)));
            Assert.Empty(toPpk.AllErrors);
            Assert.Equal(expected, toPpk.Single<KeyPair>().Fingerprint);
            Assert.Equal(path + ".ppk", toPpk.Single<KeyPair>().PuttyKeyPath);
            Assert.Equal(expected, ExternalTool.Run("puttygen", path + ".ppk", "-l").EnsureSuccess("puttygen -l").StdOut.Trim().Split(' ')[2]);
            var ppkArgs = new List<string> { path + ".ppk", "-O", "public-openssh" };
            if (encrypted) { ppkArgs.Add("--old-passphrase"); ppkArgs.Add(KeyKit.PassFile(folder)); }
            Assert.Equal(KeyKit.TypeAndBlob(publicLine), KeyKit.TypeAndBlob(ExternalTool.Run("puttygen", ppkArgs.ToArray()).EnsureSuccess("puttygen").StdOut));

            string back = folder.Combine("back");
            var toOpenSsh = ps.Run($"Convert-RescaleKey -Path '{path}.ppk' -Format OpenSSH -Destination '{back}' -Passphrase $pass", ("pass", KeyKit.Secure(KeyKit.Pass)));
            Assert.Empty(toOpenSsh.AllErrors);
            Assert.Equal(expected, toOpenSsh.Single<KeyPair>().Fingerprint);
            KeyKit.AssertOwnerOnly(back);
            var derive = ExternalTool.Run("ssh-keygen", "-y", "-P", encrypted ? KeyKit.Pass : "", "-f", back).EnsureSuccess("ssh-keygen -y");
            Assert.Equal(KeyKit.TypeAndBlob(publicLine), KeyKit.TypeAndBlob(derive.StdOut));
        }

        public static IEnumerable<object[]> PuttygenFiles()
        {
            foreach (var (type, bits) in new[] { ("rsa", 2048), ("rsa", 4096), ("ed25519", 256), ("ecdsa", 256), ("ecdsa", 384), ("ecdsa", 521) })
            {
                foreach (var version in new[] { 2, 3 })
                {
                    yield return new object[] { type, bits, version, false };
                    yield return new object[] { type, bits, version, true };
                }
            }
        }

        [Theory]
        [MemberData(nameof(PuttygenFiles))]
        public void Keys_written_by_puttygen_are_read_with_its_fingerprint(string type, int bits, int version, bool encrypted)
        {
            using var folder = new TempFolder();
            using var ps = new PowerShellSession();
            string ppk = folder.Combine("key.ppk");
            string passFile = encrypted ? KeyKit.PassFile(folder) : KeyKit.PassFile(folder, "");
            var args = new List<string> { "-t", type, "-C", "made-by-puttygen", "-o", ppk, "--new-passphrase", passFile, "--ppk-param", "version=" + version };
            if (type != "ed25519") { args.Add("-b"); args.Add(bits.ToString()); }
            ExternalTool.Run("puttygen", args.ToArray()).EnsureSuccess("puttygen");
            Assert.StartsWith("PuTTY-User-Key-File-" + version, File.ReadAllText(ppk));
            string expected = ExternalTool.Run("puttygen", ppk, "-l").EnsureSuccess("puttygen -l").StdOut.Trim().Split(' ')[2];

            var result = ps.Run($"Get-RescaleKey -Path '{ppk}' -Passphrase $pass", ("pass", KeyKit.Secure(KeyKit.Pass)));
            Assert.Empty(result.AllErrors);
            var pair = result.Single<KeyPair>();
            Assert.Equal(expected, pair.Fingerprint);
            Assert.Equal("made-by-puttygen", pair.Comment);
            Assert.Equal(encrypted, pair.Encrypted);
            Assert.Equal(ppk, pair.PuttyKeyPath);

            // PPK -> OpenSSH (ours) is a key ssh-keygen reads, with the same fingerprint; and back to PPK v3.
            var converted = ps.Run($"Convert-RescaleKey -Path '{ppk}' -Format OpenSSH -Passphrase $pass", ("pass", KeyKit.Secure(KeyKit.Pass)));
            Assert.Empty(converted.AllErrors);
            string openSsh = folder.Combine("key");
            Assert.Equal(openSsh, converted.Single<KeyPair>().PrivateKeyPath);
            Assert.Equal(encrypted, converted.Single<KeyPair>().Encrypted);
            var derive = ExternalTool.Run("ssh-keygen", "-y", "-P", encrypted ? KeyKit.Pass : "", "-f", openSsh).EnsureSuccess("ssh-keygen -y");
            File.WriteAllText(openSsh + ".pub", derive.StdOut);
            Assert.Equal(expected, KeyKit.ToolFingerprint(openSsh + ".pub"));

            string v3 = folder.Combine("again.ppk");
            var again = ps.Run($"Convert-RescaleKey -Path '{openSsh}' -Format PuTTY -Destination '{v3}' -Passphrase $pass", ("pass", KeyKit.Secure(KeyKit.Pass)));
            Assert.Empty(again.AllErrors);
            Assert.Equal(expected, again.Single<KeyPair>().Fingerprint);
            Assert.StartsWith("PuTTY-User-Key-File-3: ", File.ReadAllText(v3));
        }

        [Fact]
        public void Public_key_files_and_lines_are_read_without_a_private_key()
        {
            using var folder = new TempFolder();
            using var ps = new PowerShellSession();
            string path = folder.Combine("id_ed25519");
            ExternalTool.Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "me@host", "-f", path).EnsureSuccess("ssh-keygen");
            string line = File.ReadAllText(path + ".pub").Trim();
            string expected = KeyKit.ToolFingerprint(path + ".pub");
            ExternalTool.Run("puttygen", path, "-O", "public", "-o", folder.Combine("rfc4716.pub")).EnsureSuccess("puttygen -O public");

            var result = ps.Run($"Get-RescaleKey -Path '{path}.pub'; Get-RescaleKey -PublicKey '{line}'; Get-RescaleKey -Path '{folder.Combine("rfc4716.pub")}'");
            Assert.Empty(result.AllErrors);
            Assert.Equal(3, result.Output.Count);
            Assert.All(result.Output.Select(o => (KeyPair)o.BaseObject), pair =>
            {
                Assert.Equal(expected, pair.Fingerprint);
                Assert.Equal("Ed25519", pair.Algorithm);
                Assert.False(pair.Encrypted);
            });
            Assert.Equal(line, ((KeyPair)result.Output[1].BaseObject).PublicKey);
            Assert.Equal(path, ((KeyPair)result.Output[0].BaseObject).PrivateKeyPath);
        }

        [Fact]
        public void Encrypted_OpenSSH_and_PPK_files_show_their_public_key_without_a_passphrase()
        {
            using var folder = new TempFolder();
            using var ps = new PowerShellSession();
            string path = folder.Combine("id_rsa");
            ExternalTool.Run("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-N", KeyKit.Pass, "-f", path).EnsureSuccess("ssh-keygen");
            ExternalTool.Run("puttygen", path, "--old-passphrase", KeyKit.PassFile(folder), "--new-passphrase", KeyKit.PassFile(folder), "-O", "private", "-o", path + ".ppk").EnsureSuccess("puttygen");
            File.Delete(path + ".pub");
            string expected = ExternalTool.Run("puttygen", path + ".ppk", "-l").EnsureSuccess("puttygen -l").StdOut.Trim().Split(' ')[2];

            var result = ps.Run($"Get-RescaleKey -Path '{folder.Path}/id_rsa*'");
            Assert.Empty(result.AllErrors);
            Assert.Equal(2, result.Output.Count);
            Assert.All(result.Output.Select(o => (KeyPair)o.BaseObject), pair =>
            {
                Assert.Equal(expected, pair.Fingerprint);
                Assert.True(pair.Encrypted);
            });
        }

        [Fact]
        public void FileInfo_objects_from_the_pipeline_are_read()
        {
            using var folder = new TempFolder();
            using var ps = new PowerShellSession();
            foreach (var name in new[] { "a", "b" })
            {
                ExternalTool.Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", folder.Combine(name)).EnsureSuccess("ssh-keygen");
            }
            // FileInfo objects (as Get-ChildItem emits them, with the PSPath property PowerShell adds) bind by property name.
            var result = ps.Run($"([System.IO.DirectoryInfo]'{folder.Path}').GetFiles('*.pub') | Where-Object Name -eq 'a.pub' | Get-RescaleKey; " +
                $"[System.IO.FileInfo]'{folder.Combine("b.pub")}' | Get-RescaleKey; " +
                $"[pscustomobject]@{{ PSPath = 'Microsoft.PowerShell.Core\\FileSystem::{folder.Combine("a")}'; FullName = '{folder.Combine("a")}' }} | Get-RescaleKey");
            Assert.Empty(result.AllErrors);
            Assert.Equal(3, result.Output.Count);
            Assert.Equal(KeyKit.ToolFingerprint(folder.Combine("a.pub")), ((KeyPair)result.Output[0].BaseObject).Fingerprint);
            Assert.Equal(KeyKit.ToolFingerprint(folder.Combine("b.pub")), ((KeyPair)result.Output[1].BaseObject).Fingerprint);
            Assert.Equal(((KeyPair)result.Output[0].BaseObject).Fingerprint, ((KeyPair)result.Output[2].BaseObject).Fingerprint);
        }
    }
}
