using System.IO;
using System.Linq;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Keys
{
    /// <summary>Where and how New-RescaleKeyPair writes: owner-only files, untouched neighbours, -Force, -WhatIf, missing folders.</summary>
    public class PrivateKeyFileTests
    {
        [Fact]
        public void Private_files_are_mode_0600_and_no_other_file_in_the_folder_changes()
        {
            using var folder = new TempFolder();
            using var ps = new PowerShellSession();
            File.WriteAllText(folder.Combine("known_hosts"), "example\n");
            File.WriteAllText(folder.Combine("id_rsa"), "someone else's key\n");
            var before = KeyKit.Snapshot(folder.Path);

            var result = ps.Run(KeyKit.NewKeyScript(folder.Combine("rescale_ed25519"), "Ed25519", null, false, "-Format Both"));
            Assert.Empty(result.AllErrors);

            KeyKit.AssertOwnerOnly(folder.Combine("rescale_ed25519"));
            KeyKit.AssertOwnerOnly(folder.Combine("rescale_ed25519.ppk"));
            Assert.True((KeyKit.Mode(folder.Combine("rescale_ed25519.pub")) & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) == 0);
            var after = KeyKit.Snapshot(folder.Path);
            Assert.Equal(before.Count + 3, after.Count);
            foreach (var file in before) Assert.Equal(file.Value, after[file.Key]);
            Assert.Equal(
                new[] { "id_rsa", "known_hosts", "rescale_ed25519", "rescale_ed25519.ppk", "rescale_ed25519.pub" },
                Directory.GetFiles(folder.Path).Select(Path.GetFileName).OrderBy(n => n, System.StringComparer.Ordinal));
        }

        [Fact]
        public void A_missing_parent_folder_is_created_owner_only()
        {
            using var folder = new TempFolder();
            using var ps = new PowerShellSession();
            string path = folder.Combine("new", ".ssh", "rescale_rsa");
            var result = ps.Run(KeyKit.NewKeyScript(path, "RSA", 2048, false));
            Assert.Empty(result.AllErrors);
            Assert.True(File.Exists(path));
            KeyKit.AssertOwnerOnly(path);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, KeyKit.Mode(folder.Combine("new", ".ssh")));
        }

        [Fact]
        public void An_existing_key_is_not_touched_without_Force_and_is_replaced_whole_with_it()
        {
            using var folder = new TempFolder();
            using var ps = new PowerShellSession();
            string path = folder.Combine("key");
            Assert.Empty(ps.Run(KeyKit.NewKeyScript(path, "Ed25519", null, false)).AllErrors);
            var first = KeyKit.Snapshot(folder.Path);

            var again = ps.Run(KeyKit.NewKeyScript(path, "Ed25519", null, false));
            Assert.Equal(new[] { "KeyFileExists,RescaleSsh.Commands.NewRescaleKeyPairCommand" }, again.ErrorIds);
            Assert.Equal(path, again.AllErrors.Single().TargetObject);
            Assert.Empty(again.Output);
            Assert.Equal(first, KeyKit.Snapshot(folder.Path));

            // Only the .pub exists: still refused, nothing written.
            File.Delete(path);
            var onlyPub = ps.Run(KeyKit.NewKeyScript(path, "Ed25519", null, false));
            Assert.Equal(new[] { "KeyFileExists,RescaleSsh.Commands.NewRescaleKeyPairCommand" }, onlyPub.ErrorIds);
            Assert.False(File.Exists(path));

            var forced = ps.Run(KeyKit.NewKeyScript(path, "ECDSA", null, false, "-Force"));
            Assert.Empty(forced.AllErrors);
            Assert.Equal("ECDSA", forced.Single<KeyPair>().Algorithm);
            KeyKit.AssertOwnerOnly(path);
            Assert.Equal(forced.Single<KeyPair>().Fingerprint, KeyKit.ToolFingerprint(path + ".pub"));
            Assert.Equal(2, Directory.GetFiles(folder.Path).Length);
        }

        [Fact]
        public void WhatIf_writes_nothing_and_creates_no_folder()
        {
            using var folder = new TempFolder();
            using var ps = new PowerShellSession();
            string path = folder.Combine("sub", "key");
            var result = ps.Run(KeyKit.NewKeyScript(path, "RSA", 2048, false, "-Format Both -WhatIf"));
            Assert.Empty(result.AllErrors);
            Assert.Empty(result.Output);
            Assert.False(Directory.Exists(folder.Combine("sub")));

            Assert.Empty(ps.Run(KeyKit.NewKeyScript(folder.Combine("k"), "Ed25519", null, false)).AllErrors);
            var before = KeyKit.Snapshot(folder.Path);
            var convert = ps.Run($"Convert-RescaleKey -Path '{folder.Combine("k")}' -Format PuTTY -WhatIf");
            Assert.Empty(convert.AllErrors);
            Assert.Empty(convert.Output);
            Assert.Equal(before, KeyKit.Snapshot(folder.Path));
        }

        [Fact]
        public void Format_PuTTY_writes_the_ppk_and_the_public_key_only()
        {
            using var folder = new TempFolder();
            using var ps = new PowerShellSession();
            string path = folder.Combine("putty_key");
            var result = ps.Run(KeyKit.NewKeyScript(path, "Ed25519", null, true, "-Format PuTTY"), ("pass", KeyKit.Secure(KeyKit.Pass)));
            Assert.Empty(result.AllErrors);
            var pair = result.Single<KeyPair>();
            Assert.Null(pair.PrivateKeyPath);
            Assert.Equal(path + ".ppk", pair.PuttyKeyPath);
            Assert.Equal(path + ".pub", pair.PublicKeyPath);
            Assert.True(pair.Encrypted);
            Assert.Equal(new[] { "putty_key.ppk", "putty_key.pub" }, Directory.GetFiles(folder.Path).Select(Path.GetFileName).OrderBy(n => n, System.StringComparer.Ordinal));
            KeyKit.AssertOwnerOnly(path + ".ppk");
            string ppk = File.ReadAllText(path + ".ppk");
            Assert.StartsWith("PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: aes256-cbc\nComment: test@rescale\n", ppk);
            Assert.Contains("Key-Derivation: Argon2id\n", ppk);
        }

        [Fact]
        public void The_default_path_is_rescale_algorithm_in_the_home_ssh_folder()
        {
            using var ps = new PowerShellSession();
            string home = ModuleUnderTest.FakeHome;
            string expected = Path.Combine(home, ".ssh", "rescale_ed25519");
            if (File.Exists(expected)) File.Delete(expected);
            if (File.Exists(expected + ".pub")) File.Delete(expected + ".pub");
            var result = ps.Run("New-RescaleKeyPair -Algorithm Ed25519");
            Assert.Empty(result.AllErrors);
            var pair = result.Single<KeyPair>();
            Assert.Equal(expected, pair.PrivateKeyPath);
            Assert.EndsWith("@" + System.Environment.MachineName, pair.Comment);
            KeyKit.AssertOwnerOnly(expected);
            File.Delete(expected);
            File.Delete(expected + ".pub");
        }

        [Fact]
        public void A_folder_that_cannot_be_written_is_KeyFolderNotWritable_and_nothing_is_written()
        {
            using var folder = new TempFolder();
            using var ps = new PowerShellSession();
            string locked = folder.Combine("locked");
            Directory.CreateDirectory(locked);
            // The tests run as root, whom mode bits do not stop; the immutable attribute stops everyone.
            ExternalTool.Run("chattr", "+i", locked).EnsureSuccess("chattr +i");
            try
            {
                var result = ps.Run(KeyKit.NewKeyScript(Path.Combine(locked, "key"), "Ed25519", null, false));
                Assert.Equal(new[] { "KeyFolderNotWritable,RescaleSsh.Commands.NewRescaleKeyPairCommand" }, result.ErrorIds);
                Assert.Equal(System.Management.Automation.ErrorCategory.PermissionDenied, result.AllErrors.Single().CategoryInfo.Category);
                Assert.Empty(Directory.GetFileSystemEntries(locked));

                var sub = ps.Run(KeyKit.NewKeyScript(Path.Combine(locked, "sub", "key"), "Ed25519", null, false));
                Assert.Equal(new[] { "KeyFolderNotWritable,RescaleSsh.Commands.NewRescaleKeyPairCommand" }, sub.ErrorIds);
                Assert.Empty(Directory.GetFileSystemEntries(locked));

                // Convert-RescaleKey into that folder: the same id, and nothing written there or beside the source.
                string source = folder.Combine("source");
                Assert.Empty(ps.Run(KeyKit.NewKeyScript(source, "Ed25519", null, false)).AllErrors);
                var before = KeyKit.Snapshot(folder.Path);
                var convert = ps.Run($"Convert-RescaleKey -Path '{source}' -Format PuTTY -Destination '{Path.Combine(locked, "key.ppk")}'");
                Assert.Equal(new[] { "KeyFolderNotWritable,RescaleSsh.Commands.ConvertRescaleKeyCommand" }, convert.ErrorIds);
                Assert.Empty(convert.Output);
                Assert.Equal(before, KeyKit.Snapshot(folder.Path));
            }
            finally
            {
                ExternalTool.Run("chattr", "-i", locked);
            }
        }
    }
}
