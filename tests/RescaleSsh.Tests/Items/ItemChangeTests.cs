using System.IO;
using System.Linq;
using RescaleSsh.Tests.Infrastructure;
using RescaleSsh.Tests.Transfers;
using Xunit;

namespace RescaleSsh.Tests.Items
{
    /// <summary>New-, Rename-, Move-, Remove-RescaleItem and the RemoteItem pipelines, checked in the device account's home.</summary>
    public class ItemChangeTests : IClassFixture<TransferServer>
    {
        private readonly TransferServer _fx;

        public ItemChangeTests(TransferServer fx) => _fx = fx;

        private string Dev => $"{_fx.Server.UserName}@127.0.0.1";

        private ScriptResult Run(string script, string folder) => _fx.Run(script + " " + _fx.Connection(), ("dev", Dev), ("f", folder));

        [Fact]
        public void New_creates_nested_folders_with_Force_and_a_file_with_its_value_and_refuses_an_existing_file()
        {
            string f = _fx.NewRemoteFolder("new");
            var made = Run("New-RescaleItem $dev -Path $f/a/b/c -ItemType Directory -Force", f);
            Assert.Empty(made.AllErrors);
            Assert.True(Directory.Exists(_fx.HomePath(f + "/a/b/c")));
            Assert.True(((RemoteItem)made.Output.Single().BaseObject).IsDirectory);

            var file = Run("New-RescaleItem $dev -Path $f/a/note.txt -Value 'héllo'", f);
            Assert.Empty(file.AllErrors);
            Assert.Equal("héllo", File.ReadAllText(_fx.HomePath(f + "/a/note.txt")));
            Assert.Empty(Directory.GetFiles(_fx.HomePath(f + "/a"), "*.rsh-new"));

            var again = Run("New-RescaleItem $dev -Path $f/a/note.txt -Value other", f);
            Assert.StartsWith("ItemExists,", Assert.Single(again.AllErrors).FullyQualifiedErrorId);
            Assert.Equal("héllo", File.ReadAllText(_fx.HomePath(f + "/a/note.txt")));

            var forced = Run("New-RescaleItem $dev -Path $f/a/note.txt -Value other -Force", f);
            Assert.Empty(forced.AllErrors);
            Assert.Equal("other", File.ReadAllText(_fx.HomePath(f + "/a/note.txt")));

            var whatIf = Run("New-RescaleItem $dev -Path $f/x -ItemType Directory -WhatIf", f);
            Assert.Empty(whatIf.AllErrors);
            Assert.False(Directory.Exists(_fx.HomePath(f + "/x")));
        }

        [Fact]
        public void Rename_refuses_an_existing_name_unless_Force_and_Move_puts_items_into_a_folder()
        {
            string f = _fx.NewRemoteFolder("mv");
            File.WriteAllText(_fx.HomePath(f + "/one.txt"), "1");
            File.WriteAllText(_fx.HomePath(f + "/two.txt"), "2");
            Directory.CreateDirectory(_fx.HomePath(f + "/into"));
            _fx.Server.GiveToUser(_fx.HomePath(f));

            var refused = Run("Rename-RescaleItem $dev -Path $f/one.txt -NewName two.txt", f);
            Assert.StartsWith("ItemExists,", Assert.Single(refused.AllErrors).FullyQualifiedErrorId);
            Assert.Equal("2", File.ReadAllText(_fx.HomePath(f + "/two.txt")));

            Assert.Empty(Run("Rename-RescaleItem $dev -Path $f/one.txt -NewName two.txt -Force", f).AllErrors);
            Assert.Equal("1", File.ReadAllText(_fx.HomePath(f + "/two.txt")));
            Assert.False(File.Exists(_fx.HomePath(f + "/one.txt")));

            var bad = Run("Rename-RescaleItem $dev -Path $f/two.txt -NewName 'a/b'", f);
            Assert.StartsWith("InvalidName,", Assert.Single(bad.AllErrors).FullyQualifiedErrorId);

            var moved = Run("Move-RescaleItem $dev -Path $f/*.txt -Destination $f/into -PassThru", f);
            Assert.Empty(moved.AllErrors);
            Assert.True(File.Exists(_fx.HomePath(f + "/into/two.txt")));
            Assert.Equal(_fx.HomePath(f + "/into/two.txt"), ((RemoteItem)moved.Output.Single().BaseObject).FullName);
        }

        [Fact]
        public void WhatIf_on_rename_move_and_piped_copy_and_remove_changes_nothing()
        {
            string f = _fx.NewRemoteFolder("wi");
            File.WriteAllText(_fx.HomePath(f + "/a.txt"), "a");
            Directory.CreateDirectory(_fx.HomePath(f + "/into"));
            _fx.Server.GiveToUser(_fx.HomePath(f));
            using var local = new TempFolder();
            string conn = _fx.Connection();

            var result = _fx.Run($"Rename-RescaleItem $dev -Path $f/a.txt -NewName b.txt -WhatIf {conn}; Move-RescaleItem $dev -Path $f/a.txt -Destination $f/into -WhatIf {conn}; " +
                $"Get-RescaleChildItem $dev $f -File {conn} | Copy-RescaleItem -Destination $out -WhatIf {conn}; Get-RescaleChildItem $dev $f {conn} | Remove-RescaleItem -Recurse -WhatIf {conn}",
                ("dev", Dev), ("f", f), ("out", local.Path));

            Assert.Empty(result.AllErrors);
            Assert.Empty(result.Output);
            Assert.Equal(new[] { "a.txt", "into" }, Directory.EnumerateFileSystemEntries(_fx.HomePath(f)).Select(Path.GetFileName).OrderBy(n => n));
            Assert.Empty(Directory.EnumerateFileSystemEntries(local.Path));
        }

        [Fact]
        public void Remove_needs_Recurse_for_content_never_follows_a_link_out_and_WhatIf_changes_nothing()
        {
            string f = _fx.NewRemoteFolder("rm");
            string outside = _fx.NewRemoteFolder("keep");
            File.WriteAllText(_fx.HomePath(outside + "/precious.txt"), "keep me");
            Directory.CreateDirectory(_fx.HomePath(f + "/tree/sub"));
            File.WriteAllText(_fx.HomePath(f + "/tree/sub/x.txt"), "x");
            ExternalTool.Run("ln", "-s", _fx.HomePath(outside), _fx.HomePath(f + "/tree/link")).EnsureSuccess("ln");
            _fx.Server.GiveToUser(_fx.HomePath(f));
            ExternalTool.Run("chown", "-h", _fx.Server.UserName + ":", _fx.HomePath(f + "/tree/link"));

            var whatIf = Run("Remove-RescaleItem $dev -Path $f/tree -Recurse -WhatIf", f);
            Assert.Empty(whatIf.AllErrors);
            Assert.True(File.Exists(_fx.HomePath(f + "/tree/sub/x.txt")));

            var notEmpty = Run("Remove-RescaleItem $dev -Path $f/tree -Confirm:$false", f);
            Assert.StartsWith("FolderNotEmpty,", Assert.Single(notEmpty.AllErrors).FullyQualifiedErrorId);

            var removed = Run("Remove-RescaleItem $dev -Path $f/tree -Recurse -Confirm:$false", f);
            Assert.Empty(removed.AllErrors);
            Assert.False(Directory.Exists(_fx.HomePath(f + "/tree")));
            Assert.Equal("keep me", File.ReadAllText(_fx.HomePath(outside + "/precious.txt")));

            var missing = Run("Remove-RescaleItem $dev -LiteralPath $f/nothing -Confirm:$false", f);
            Assert.StartsWith("PathNotFound,", Assert.Single(missing.AllErrors).FullyQualifiedErrorId);
        }

        [Fact]
        public void Remove_refuses_the_home_its_parents_the_root_and_ssh_without_Force_saying_why()
        {
            var result = Run("Remove-RescaleItem $dev -LiteralPath '~', '.', '/', '.ssh', $f -Recurse -Confirm:$false", Path.GetDirectoryName(_fx.Server.Home));
            Assert.Equal(5, result.AllErrors.Count());
            Assert.All(result.AllErrors, e => Assert.StartsWith("RemovalRefused,", e.FullyQualifiedErrorId));
            Assert.Contains(result.AllErrors, e => e.Exception.Message.Contains(".ssh folder"));
            Assert.True(File.Exists(_fx.Server.AuthorizedKeysPath));
        }

        [Fact]
        public void Listed_items_pipe_into_Copy_keeping_their_layout_and_into_Remove()
        {
            string f = _fx.NewRemoteFolder("pipe");
            Directory.CreateDirectory(_fx.HomePath(f + "/sub"));
            File.WriteAllText(_fx.HomePath(f + "/a.csv"), "a");
            File.WriteAllText(_fx.HomePath(f + "/b.txt"), "b");
            File.WriteAllText(_fx.HomePath(f + "/sub/c.csv"), "c");
            File.WriteAllText(_fx.HomePath(f + "/sub/data[1].csv"), "d");
            _fx.Server.GiveToUser(_fx.HomePath(f));
            using var local = new TempFolder();
            string conn = _fx.Connection();

            var copy = _fx.Run($"Get-RescaleChildItem $dev $f -Recurse -Filter *.csv {conn} | Copy-RescaleItem -Destination $out {conn}",
                ("dev", Dev), ("f", f), ("out", local.Path));

            Assert.Empty(copy.AllErrors);
            Assert.Equal(3, copy.Output.Count);
            var copied = Directory.EnumerateFiles(local.Path, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(local.Path, p)).OrderBy(p => p).ToArray();
            Assert.Equal(new[] { "a.csv", Path.Combine("sub", "c.csv"), Path.Combine("sub", "data[1].csv") }, copied);
            Assert.Equal("d", File.ReadAllText(Path.Combine(local.Path, "sub", "data[1].csv")));

            var remove = _fx.Run($"Get-RescaleChildItem $dev $f -Recurse -Filter *.csv {conn} | Remove-RescaleItem -Confirm:$false {conn}", ("dev", Dev), ("f", f));
            Assert.Empty(remove.AllErrors);
            Assert.False(File.Exists(_fx.HomePath(f + "/a.csv")));
            Assert.False(File.Exists(_fx.HomePath(f + "/sub/data[1].csv")));
            Assert.True(File.Exists(_fx.HomePath(f + "/b.txt")));
        }
    }
}
