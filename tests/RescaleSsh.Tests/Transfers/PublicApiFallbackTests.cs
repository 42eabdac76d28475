using System.IO;
using System.Linq;
using RescaleSsh.Tests.Infrastructure;
using RescaleSsh.Transfers;
using Xunit;

namespace RescaleSsh.Tests.Transfers
{
    /// <summary>Tests that switch the module to SSH.NET's public API for a while run alone.</summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class PublicApiCollection
    {
        public const string Name = "SSH.NET public API paths";
    }

    /// <summary>
    /// With another SSH.NET than the pinned one the raw SFTP requests are not found and transfers go through
    /// SftpClient's public calls: those paths must copy, download and resume just as well.
    /// </summary>
    [Collection(PublicApiCollection.Name)]
    public class PublicApiFallbackTests : IClassFixture<TransferServer>
    {
        private readonly TransferServer _fx;

        public PublicApiFallbackTests(TransferServer fx)
        {
            _fx = fx;
        }

        [Fact]
        public void Without_the_raw_requests_a_tree_goes_up_and_down_intact()
        {
            using var local = new TempFolder();
            string src = Path.Combine(local.Path, "src");
            Directory.CreateDirectory(src);
            TransferServer.WriteRandomFile(Path.Combine(src, "tiny.bin"), 3_000, seed: 1);
            TransferServer.WriteRandomFile(Path.Combine(src, "medium.bin"), 3_000_000, seed: 2);
            File.WriteAllBytes(Path.Combine(src, "empty.bin"), new byte[0]);
            string remote = _fx.NewRemoteFolder();
            string back = Path.Combine(local.Path, "back");
            _fx.PowerShell.Hooks.PublicApiOnly = true;
            try
            {
                var up = _fx.Run($"Copy-RescaleItem $src $dst -Recurse {_fx.Connection()}", ("src", src), ("dst", _fx.Remote(remote)));
                var down = _fx.Run($"Copy-RescaleItem $src $dst -Recurse {_fx.Connection()}", ("src", _fx.Remote(remote + "/src")), ("dst", back));

                Assert.True(!up.AllErrors.Any() && !down.AllErrors.Any(), up + " / " + down);
                Assert.Equal(3, up.Output.Count);
                Assert.Equal(3, down.Output.Count);
                foreach (var name in new[] { "tiny.bin", "medium.bin", "empty.bin" })
                {
                    Assert.Equal(TransferServer.Sha256(Path.Combine(src, name)), TransferServer.Sha256(Path.Combine(_fx.HomePath(remote), "src", name)));
                    Assert.Equal(TransferServer.Sha256(Path.Combine(src, name)), TransferServer.Sha256(Path.Combine(back, name)));
                }
            }
            finally
            {
                _fx.PowerShell.Hooks.PublicApiOnly = false;
            }
        }

        [Fact]
        public void Without_the_raw_requests_a_cut_download_resumes_from_the_bytes_already_there()
        {
            _fx.PowerShell.Hooks.PublicApiOnly = true;
            try
            {
                TransferResumeTests.CutDownloadThenResume(_fx, "fallback.bin", seed: 3);
            }
            finally
            {
                _fx.PowerShell.Hooks.PublicApiOnly = false;
            }
        }
    }
}
