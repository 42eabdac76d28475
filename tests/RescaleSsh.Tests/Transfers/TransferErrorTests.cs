using System.IO;
using System.Linq;
using RescaleSsh.Tests.Infrastructure;
using RescaleSsh.Transfers;
using Xunit;

namespace RescaleSsh.Tests.Transfers
{
    public class TransferErrorTests : IClassFixture<TransferServer>
    {
        private readonly TransferServer _fx;

        public TransferErrorTests(TransferServer fx)
        {
            _fx = fx;
        }

        [Fact]
        public void A_missing_source_is_a_non_terminating_error_naming_it_and_the_other_files_are_copied()
        {
            using var local = new TempFolder();
            string good = Path.Combine(local.Path, "good.txt");
            File.WriteAllText(good, "good");
            string missing = Path.Combine(local.Path, "missing.txt");
            string remote = _fx.NewRemoteFolder();

            var r = _fx.Run($"Copy-RescaleItem $a,$b $dst {_fx.Connection()}", ("a", missing), ("b", good), ("dst", _fx.Remote(remote)));

            var error = Assert.Single(r.Errors);
            Assert.Equal("PathNotFound,RescaleSsh.Commands.CopyRescaleItemCommand", error.FullyQualifiedErrorId);
            Assert.Equal(missing, error.TargetObject);
            Assert.Single(r.Output);
            Assert.Equal("good", File.ReadAllText(Path.Combine(_fx.HomePath(remote), "good.txt")));
        }

        [Fact]
        public void A_file_that_cannot_be_written_is_an_error_with_the_file_as_target_and_the_rest_go_on()
        {
            using var local = new TempFolder();
            string src = Path.Combine(local.Path, "src");
            Directory.CreateDirectory(src);
            File.WriteAllText(Path.Combine(src, "a.txt"), "a");
            File.WriteAllText(Path.Combine(src, "b.txt"), "b");
            string remote = _fx.NewRemoteFolder();
            // A folder where b.txt should go: the rename over it fails for that file only.
            Directory.CreateDirectory(Path.Combine(_fx.HomePath(remote), "b.txt", "occupied"));
            _fx.Server.GiveToUser(_fx.HomePath(remote));

            var r = _fx.Run($"Copy-RescaleItem ($src + '/*') $dst {_fx.Connection()}", ("src", src), ("dst", _fx.Remote(remote)));

            var error = Assert.Single(r.Errors);
            Assert.Equal(Path.Combine(src, "b.txt"), error.TargetObject);
            Assert.Equal("a", File.ReadAllText(Path.Combine(_fx.HomePath(remote), "a.txt")));
            Assert.Single(r.Output);
        }

        [Fact]
        public void Without_a_remote_side_the_call_is_refused_with_a_clear_error()
        {
            using var local = new TempFolder();
            var r = _fx.Run("Copy-RescaleItem $a $b", ("a", local.Path), ("b", local.Path + "/x"));

            Assert.Contains("NoRemoteSide,RescaleSsh.Commands.CopyRescaleItemCommand", r.ErrorIds);
        }

        [Theory]
        [InlineData("Copy-RescaleItem $a, 'u@127.0.0.1:x' $b", "MixedSources")]
        [InlineData("Copy-RescaleItem 'u@127.0.0.1:x' 'u@127.0.0.1:y'", "RemoteToRemote")]
        [InlineData("Copy-RescaleItem 'u@127.0.0.1:x', 'v@127.0.0.1:y' $b", "SeveralDevices")]
        public void A_call_whose_sides_cannot_be_routed_is_refused_before_connecting(string script, string errorId)
        {
            using var local = new TempFolder();
            var r = _fx.Run(script, ("a", local.Path), ("b", local.Path + "/x"));

            var error = Assert.Single(r.AllErrors);
            Assert.Equal(errorId + ",RescaleSsh.Commands.CopyRescaleItemCommand", error.FullyQualifiedErrorId);
            Assert.Equal(System.Management.Automation.ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.Empty(r.Output);
            Assert.False(Directory.Exists(local.Path + "/x"));
        }

        [Fact]
        public void WhatIf_copies_nothing()
        {
            using var local = new TempFolder();
            string file = Path.Combine(local.Path, "f.txt");
            File.WriteAllText(file, "f");
            string remote = _fx.NewRemoteFolder();

            var r = _fx.Run($"Copy-RescaleItem $src $dst -WhatIf {_fx.Connection()}", ("src", file), ("dst", _fx.Remote(remote)));

            Assert.Empty(r.AllErrors);
            Assert.Empty(r.Output);
            Assert.Empty(Directory.EnumerateFileSystemEntries(_fx.HomePath(remote)));
        }

        [Theory]
        [InlineData("CON", true)]
        [InlineData("nul.txt", true)]
        [InlineData("a:b", true)]
        [InlineData("what?", true)]
        [InlineData("trailing.", true)]
        [InlineData("back\\slash", true)]
        [InlineData("..", true)]
        [InlineData("..", false)]
        [InlineData("a/b", false)]
        public void Names_a_local_file_system_refuses_are_reported_not_crashed_on(string name, bool windows)
        {
            Assert.NotNull(LocalName.Problem(name, windows));
            var ex = Assert.Throws<RescaleSshException>(() => LocalName.Validate(name, windows));
            Assert.Equal("InvalidLocalName", ex.ErrorId);
        }

        [Theory]
        [InlineData("a:b")]
        [InlineData("back\\slash")]
        [InlineData("CON")]
        public void Names_legal_on_Linux_are_downloaded_there(string name)
        {
            Assert.Null(LocalName.Problem(name, windows: false));
        }
    }
}
