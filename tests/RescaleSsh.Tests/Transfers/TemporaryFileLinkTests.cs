using System.IO;
using System.Linq;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Transfers
{
    /// <summary>
    /// Links planted where a copy writes, on a real sshd and on the local disk: at the temporary name
    /// (.name.rsh-part) and at the target itself. The link's target is never written, moved or appended to, with or
    /// without -Resume, for every file size (tiny files go through raw requests, others through SSH.NET's upload).
    /// </summary>
    public class TemporaryFileLinkTests : IClassFixture<TransferServer>
    {
        private const string Precious = "precious content that must survive";
        private readonly TransferServer _fx;

        public TemporaryFileLinkTests(TransferServer fx)
        {
            _fx = fx;
        }

        /// <summary>A folder on the device holding victim.txt (the account's own file) and a link named <paramref name="linkName"/> to it.</summary>
        private (string Remote, string Victim) RemoteFolderWithLink(string linkName)
        {
            string remote = _fx.NewRemoteFolder();
            string victim = Path.Combine(_fx.HomePath(remote), "victim.txt");
            File.WriteAllText(victim, Precious);
            File.CreateSymbolicLink(Path.Combine(_fx.HomePath(remote), linkName), victim);
            _fx.Server.GiveToUser(_fx.HomePath(remote));
            return (remote, victim);
        }

        [Theory]
        [InlineData(10, false)]
        [InlineData(1_000_000, false)]
        [InlineData(5_000_000, false)]
        [InlineData(10, true)]
        [InlineData(5_000_000, true)]
        public void An_upload_never_writes_through_a_link_planted_at_its_temporary_name(int size, bool resume)
        {
            using var local = new TempFolder();
            string file = TransferServer.WriteRandomFile(Path.Combine(local.Path, "data.bin"), size, seed: size);
            var (remote, victim) = RemoteFolderWithLink(".data.bin.rsh-part");

            var r = _fx.Run($"Copy-RescaleItem $src $dst {(resume ? "-Resume" : "")} {_fx.Connection()}", ("src", file), ("dst", _fx.Remote(remote)));

            Assert.True(!r.AllErrors.Any(), r.ToString());
            Assert.Equal(Precious, File.ReadAllText(victim));
            Assert.Equal(TransferServer.Sha256(file), TransferServer.Sha256(Path.Combine(_fx.HomePath(remote), "data.bin")));
            Assert.Equal(TransferStatus.Copied, r.Single<TransferResult>().Status);
            Assert.Null(new FileInfo(Path.Combine(_fx.HomePath(remote), "data.bin")).LinkTarget);
        }

        [Theory]
        [InlineData(10)]
        [InlineData(1_000_000)]
        [InlineData(5_000_000)]
        public void An_upload_replaces_a_link_at_its_target_and_leaves_the_link_target_alone(int size)
        {
            using var local = new TempFolder();
            string file = TransferServer.WriteRandomFile(Path.Combine(local.Path, "data.bin"), size, seed: size + 1);
            var (remote, victim) = RemoteFolderWithLink("data.bin");

            var r = _fx.Run($"Copy-RescaleItem $src $dst {_fx.Connection()}", ("src", file), ("dst", _fx.Remote(remote)));

            Assert.True(!r.AllErrors.Any(), r.ToString());
            Assert.Equal(Precious, File.ReadAllText(victim));
            string target = Path.Combine(_fx.HomePath(remote), "data.bin");
            Assert.Null(new FileInfo(target).LinkTarget);
            Assert.Equal(TransferServer.Sha256(file), TransferServer.Sha256(target));
        }

        [Fact]
        public void Resume_does_not_continue_another_accounts_file_at_the_temporary_name()
        {
            using var local = new TempFolder();
            string file = TransferServer.WriteRandomFile(Path.Combine(local.Path, "data.bin"), 200_000, seed: 7);
            string remote = _fx.NewRemoteFolder();
            string planted = Path.Combine(_fx.HomePath(remote), ".data.bin.rsh-part");
            File.WriteAllBytes(planted, File.ReadAllBytes(file).Take(1000).ToArray());
            File.SetUnixFileMode(planted, (UnixFileMode)0x1B6); // 0666: writable by the account, but root's

            var r = _fx.Run($"Copy-RescaleItem $src $dst -Resume {_fx.Connection()}", ("src", file), ("dst", _fx.Remote(remote)));

            Assert.True(!r.AllErrors.Any(), r.ToString());
            Assert.Equal(TransferStatus.Copied, r.Single<TransferResult>().Status);
            Assert.Equal(1000, new FileInfo(planted).Length);
            Assert.Equal(TransferServer.Sha256(file), TransferServer.Sha256(Path.Combine(_fx.HomePath(remote), "data.bin")));
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void A_download_never_writes_through_a_link_planted_at_its_temporary_name(bool resume)
        {
            using var local = new TempFolder();
            string remote = _fx.NewRemoteFolder();
            string source = TransferServer.WriteRandomFile(Path.Combine(_fx.HomePath(remote), "data.bin"), 300_000, seed: 8);
            _fx.Server.GiveToUser(_fx.HomePath(remote));
            string victim = Path.Combine(local.Path, "victim.txt");
            File.WriteAllText(victim, Precious);
            string link = Path.Combine(local.Path, ".data.bin.rsh-part");
            File.CreateSymbolicLink(link, victim);

            var r = _fx.Run($"Copy-RescaleItem $src $dst {(resume ? "-Resume" : "")} -Verbose {_fx.Connection()}", ("src", _fx.Remote(remote + "/data.bin")), ("dst", local.Path));

            Assert.True(!r.AllErrors.Any(), r.ToString());
            Assert.Equal(Precious, File.ReadAllText(victim));
            string target = Path.Combine(local.Path, "data.bin");
            Assert.Null(new FileInfo(target).LinkTarget);
            Assert.Equal(TransferServer.Sha256(source), TransferServer.Sha256(target));
            Assert.Equal(victim, new FileInfo(link).LinkTarget);
            Assert.Contains(r.Verbose, v => v.Contains("new temporary name") && !v.Contains(".rsh-part"));
        }

        [Fact]
        public void A_download_replaces_a_link_at_its_target_and_leaves_the_link_target_alone()
        {
            using var local = new TempFolder();
            string remote = _fx.NewRemoteFolder();
            string source = TransferServer.WriteRandomFile(Path.Combine(_fx.HomePath(remote), "data.bin"), 5_000, seed: 9);
            _fx.Server.GiveToUser(_fx.HomePath(remote));
            string victim = Path.Combine(local.Path, "victim.txt");
            File.WriteAllText(victim, Precious);
            File.CreateSymbolicLink(Path.Combine(local.Path, "data.bin"), victim);

            var r = _fx.Run($"Copy-RescaleItem $src $dst {_fx.Connection()}", ("src", _fx.Remote(remote + "/data.bin")), ("dst", local.Path));

            Assert.True(!r.AllErrors.Any(), r.ToString());
            Assert.Equal(Precious, File.ReadAllText(victim));
            Assert.Null(new FileInfo(Path.Combine(local.Path, "data.bin")).LinkTarget);
            Assert.Equal(TransferServer.Sha256(source), TransferServer.Sha256(Path.Combine(local.Path, "data.bin")));
        }
    }
}
