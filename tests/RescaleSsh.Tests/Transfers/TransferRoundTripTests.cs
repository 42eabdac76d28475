using System;
using System.IO;
using System.Linq;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Transfers
{
    public class TransferRoundTripTests : IClassFixture<TransferServer>
    {
        private readonly TransferServer _fx;

        public TransferRoundTripTests(TransferServer fx)
        {
            _fx = fx;
        }

        private static readonly string[] AwkwardNames =
        {
            "with space.txt", "it's quoted.txt", "double \"quote\".txt", "-leading-dash.txt", "naïve façade 漢字.txt",
            "$dollar `tick` ;semicolon&.txt", "brackets [1].txt", "back\\slash.txt",
        };

        /// <summary>A tree with an empty folder, an empty file, a 50 MB file and awkward names, all dated in the past.</summary>
        private static string MakeTree(string root)
        {
            string tree = Path.Combine(root, "tree");
            Directory.CreateDirectory(Path.Combine(tree, "empty folder"));
            Directory.CreateDirectory(Path.Combine(tree, "sub", "deeper"));
            File.WriteAllBytes(Path.Combine(tree, "empty.bin"), Array.Empty<byte>());
            TransferServer.WriteRandomFile(Path.Combine(tree, "big.bin"), 50L * 1024 * 1024, seed: 7);
            int i = 0;
            foreach (var name in AwkwardNames)
            {
                File.WriteAllText(Path.Combine(tree, "sub", name), "content of " + name + new string('x', i++ * 1000));
            }
            File.WriteAllText(Path.Combine(tree, "sub", "deeper", "leaf.txt"), "leaf");
            foreach (var file in Directory.EnumerateFiles(tree, "*", SearchOption.AllDirectories))
            {
                File.SetLastWriteTimeUtc(file, TransferServer.OldTime.AddMinutes(file.Length));
            }
            return tree;
        }

        private static void AssertSameTree(string expected, string actual)
        {
            var expectedFolders = Directory.EnumerateDirectories(expected, "*", SearchOption.AllDirectories).Select(d => Path.GetRelativePath(expected, d)).OrderBy(x => x, StringComparer.Ordinal).ToList();
            var actualFolders = Directory.EnumerateDirectories(actual, "*", SearchOption.AllDirectories).Select(d => Path.GetRelativePath(actual, d)).OrderBy(x => x, StringComparer.Ordinal).ToList();
            Assert.Equal(expectedFolders, actualFolders);
            var expectedFiles = Directory.EnumerateFiles(expected, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(expected, f)).OrderBy(x => x, StringComparer.Ordinal).ToList();
            var actualFiles = Directory.EnumerateFiles(actual, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(actual, f)).OrderBy(x => x, StringComparer.Ordinal).ToList();
            Assert.Equal(expectedFiles, actualFiles);
            foreach (var file in expectedFiles)
            {
                Assert.Equal(TransferServer.Sha256(Path.Combine(expected, file)), TransferServer.Sha256(Path.Combine(actual, file)));
                var expectedTime = File.GetLastWriteTimeUtc(Path.Combine(expected, file));
                var actualTime = File.GetLastWriteTimeUtc(Path.Combine(actual, file));
                Assert.True(Math.Abs((expectedTime - actualTime).TotalSeconds) < 1, $"{file}: {expectedTime:o} vs {actualTime:o}");
            }
        }

        [Fact]
        public void A_tree_goes_up_and_comes_back_down_with_identical_bytes_names_empty_folders_and_timestamps()
        {
            using var local = new TempFolder();
            string tree = MakeTree(local.Path);
            string remote = _fx.NewRemoteFolder();

            var up = _fx.Run($"Copy-RescaleItem -Path $src -Destination $dst -Recurse {_fx.Connection()}",
                ("src", tree), ("dst", _fx.Remote(remote)));

            Assert.Empty(up.AllErrors);
            int fileCount = Directory.EnumerateFiles(tree, "*", SearchOption.AllDirectories).Count();
            Assert.Equal(fileCount, up.Output.Count);
            Assert.All(up.Output, o =>
            {
                var r = (TransferResult)o.BaseObject;
                Assert.Equal(TransferDirection.Upload, r.Direction);
                Assert.Equal(TransferStatus.Copied, r.Status);
            });
            Assert.Contains(up.Output.Select(o => (TransferResult)o.BaseObject), r => r.Length == 50L * 1024 * 1024 && r.Source.EndsWith("big.bin") && r.Destination == _fx.Remote(remote + "/tree/big.bin"));
            AssertSameTree(tree, Path.Combine(_fx.HomePath(remote), "tree"));
            Assert.Empty(Directory.EnumerateFiles(_fx.HomePath(remote), "*.rsh-part", SearchOption.AllDirectories));

            string back = Path.Combine(local.Path, "back");
            Directory.CreateDirectory(back);
            var down = _fx.Run($"Copy-RescaleItem -Path $src -Destination $dst -Recurse {_fx.Connection()}",
                ("src", _fx.Remote(remote + "/tree")), ("dst", back));

            Assert.Empty(down.AllErrors);
            Assert.Equal(fileCount, down.Output.Count);
            Assert.All(down.Output, o => Assert.Equal(TransferDirection.Download, ((TransferResult)o.BaseObject).Direction));
            AssertSameTree(tree, Path.Combine(back, "tree"));
            Assert.Empty(Directory.EnumerateFiles(back, "*.rsh-part", SearchOption.AllDirectories));
        }

        [Fact]
        public void Sessions_carry_the_direction_as_ToSession_and_FromSession_do_for_Copy_Item()
        {
            using var local = new TempFolder();
            string file = Path.Combine(local.Path, "one file.txt");
            File.WriteAllText(file, "via a session");
            string remote = _fx.NewRemoteFolder();
            string back = Path.Combine(local.Path, "back");
            Directory.CreateDirectory(back);

            var result = _fx.Run(
                $"$s = New-RescaleSession $device {_fx.Connection()}; " +
                "try { Copy-RescaleItem -Path $file -Destination $remote -ToSession $s; Copy-RescaleItem -Path ($remote + '/one*') -Destination $back -FromSession $s } finally { Remove-RescaleSession $s }",
                ("device", $"{_fx.Server.UserName}@127.0.0.1"), ("file", file), ("remote", remote), ("back", back));

            Assert.Empty(result.AllErrors);
            Assert.Equal(2, result.Output.Count);
            Assert.Equal("via a session", File.ReadAllText(Path.Combine(_fx.HomePath(remote), "one file.txt")));
            Assert.Equal("via a session", File.ReadAllText(Path.Combine(back, "one file.txt")));
        }

        [Fact]
        public void OpenSSH_sftp_reads_back_exactly_what_was_uploaded()
        {
            using var local = new TempFolder();
            string file = TransferServer.WriteRandomFile(Path.Combine(local.Path, "payload.bin"), 3 * 1024 * 1024 + 17, seed: 3);
            string remote = _fx.NewRemoteFolder();

            var up = _fx.Run($"Copy-RescaleItem $src $dst {_fx.Connection()}", ("src", file), ("dst", _fx.Remote(remote)));
            Assert.Empty(up.AllErrors);

            string fetched = Path.Combine(local.Path, "fetched.bin");
            string batch = Path.Combine(local.Path, "batch");
            File.WriteAllText(batch, $"get \"{remote}/payload.bin\" \"{fetched}\"\n");
            ExternalTool.Run("sftp", new[]
            {
                "-F", "/dev/null", "-P", _fx.Server.Port.ToString(), "-i", _fx.KeyPath, "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
                "-o", "UserKnownHostsFile=" + _fx.KnownHostsPath, "-o", "GlobalKnownHostsFile=/dev/null", "-b", batch, _fx.Server.UserName + "@127.0.0.1",
            }, null, 60).EnsureSuccess("sftp");
            Assert.Equal(TransferServer.Sha256(file), TransferServer.Sha256(fetched));
        }
    }
}
