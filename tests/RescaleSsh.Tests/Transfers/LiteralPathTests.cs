using System.IO;
using System.Linq;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Transfers
{
    /// <summary>
    /// -LiteralPath (aliases LP and PSPath), as Copy-Item has it: a name with [ ] is taken as written on the device and
    /// on this computer, and items piped from Get-ChildItem are named by their PSPath.
    /// </summary>
    public class LiteralPathTests : IClassFixture<TransferServer>
    {
        private const string Name = "data[1].csv";
        private readonly TransferServer _fx;

        public LiteralPathTests(TransferServer fx)
        {
            _fx = fx;
        }

        [Fact]
        public void LiteralPath_downloads_a_device_file_whose_name_has_brackets_which_Path_reads_as_a_wildcard()
        {
            using var local = new TempFolder();
            string remote = _fx.NewRemoteFolder();
            File.WriteAllText(Path.Combine(_fx.HomePath(remote), Name), "bracketed");
            File.WriteAllText(Path.Combine(_fx.HomePath(remote), "data1.csv"), "plain");
            _fx.Server.GiveToUser(_fx.HomePath(remote));
            string source = _fx.Remote(remote + "/" + Name);

            var literal = _fx.Run($"Copy-RescaleItem -LiteralPath $src -Destination $dst {_fx.Connection()}", ("src", source), ("dst", Path.Combine(local.Path, "literal")));
            var alias = _fx.Run($"Copy-RescaleItem -LP $src -Destination $dst {_fx.Connection()}", ("src", source), ("dst", Path.Combine(local.Path, "alias")));
            var wildcard = _fx.Run($"Copy-RescaleItem -Path $src -Destination $dst {_fx.Connection()}", ("src", source), ("dst", Path.Combine(local.Path, "wildcard")));

            Assert.True(!literal.AllErrors.Any() && !alias.AllErrors.Any(), literal + " / " + alias);
            Assert.Equal("bracketed", File.ReadAllText(Path.Combine(local.Path, "literal")));
            Assert.Equal("bracketed", File.ReadAllText(Path.Combine(local.Path, "alias")));
            Assert.Equal("plain", File.ReadAllText(Path.Combine(local.Path, "wildcard")));
        }

        [Fact]
        public void LiteralPath_uploads_a_local_file_whose_name_has_brackets_and_piped_items_bind_by_PSPath()
        {
            using var local = new TempFolder();
            File.WriteAllText(Path.Combine(local.Path, Name), "bracketed");
            string remote = _fx.NewRemoteFolder();

            var literal = _fx.Run($"Copy-RescaleItem -LiteralPath $src -Destination $dst {_fx.Connection()}",
                ("src", Path.Combine(local.Path, Name)), ("dst", _fx.Remote(remote + "/literal.csv")));
            // What Get-Item returns (the hosted engine has no Management module): the FileInfo with its provider's PSPath.
            var piped = _fx.Run($"$ExecutionContext.InvokeProvider.Item.Get(@($file), $false, $true) | Copy-RescaleItem -Destination $dst {_fx.Connection()}",
                ("file", Path.Combine(local.Path, Name)), ("dst", _fx.Remote(remote)));

            Assert.True(!literal.AllErrors.Any() && !piped.AllErrors.Any(), literal + " / " + piped);
            Assert.Equal("bracketed", File.ReadAllText(Path.Combine(_fx.HomePath(remote), "literal.csv")));
            Assert.Equal("bracketed", File.ReadAllText(Path.Combine(_fx.HomePath(remote), Name)));
        }

        [Theory]
        [InlineData("Copy-RescaleItem -Path $src -LiteralPath $src -Destination $dst", "PathAndLiteralPath")]
        [InlineData("Copy-RescaleItem -Destination $dst", "NoPath")]
        public void Path_and_LiteralPath_together_or_neither_are_refused(string script, string id)
        {
            using var local = new TempFolder();
            var r = _fx.Run(script, ("src", Path.Combine(local.Path, "x")), ("dst", _fx.Remote("x")));

            var error = Assert.Single(r.AllErrors);
            Assert.Equal(id + ",RescaleSsh.Commands.CopyRescaleItemCommand", error.FullyQualifiedErrorId);
            Assert.Equal(System.Management.Automation.ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        }
    }
}
