using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using RescaleSsh.Tests.Infrastructure;
using RescaleSsh.Tests.Transfers;
using Xunit;

namespace RescaleSsh.Tests.Items
{
    /// <summary>Get-RescaleChildItem against a real sshd: what is listed, in which order, with which properties and errors.</summary>
    public class ItemListingTests : IClassFixture<TransferServer>
    {
        private readonly TransferServer _fx;

        public ItemListingTests(TransferServer fx) => _fx = fx;

        /// <summary>folder/{b.txt, a.csv, .hidden, sub/{c.csv, deeper/d.csv}, a name with an escape sequence}, owned by the account.</summary>
        private string MakeTree()
        {
            string name = _fx.NewRemoteFolder("lst");
            string root = _fx.HomePath(name);
            File.WriteAllText(Path.Combine(root, "b.txt"), "bee");
            File.WriteAllText(Path.Combine(root, "a.csv"), "a,b\n1,2\n");
            File.WriteAllText(Path.Combine(root, ".hidden"), "h");
            File.WriteAllText(Path.Combine(root, "bad\u001b]0;pwned\u0007.txt"), "x");
            Directory.CreateDirectory(Path.Combine(root, "sub", "deeper"));
            File.WriteAllText(Path.Combine(root, "sub", "c.csv"), "c");
            File.WriteAllText(Path.Combine(root, "sub", "deeper", "d.csv"), "d");
            _fx.Server.GiveToUser(root);
            return name;
        }

        private string[] Names(ScriptResult result, string property = "Name") =>
            result.Output.Select(o => (string)o.Properties[property].Value).ToArray();

        [Fact]
        public void A_folder_lists_sorted_by_name_without_dot_files_with_absolute_paths_modes_and_the_device()
        {
            string tree = MakeTree();
            var result = _fx.Run($"Get-RescaleChildItem $at {_fx.Connection()}", ("at", _fx.Remote(tree)));

            Assert.Empty(result.AllErrors);
            Assert.Equal(new[] { "a.csv", "b.txt", "bad\u001b]0;pwned\u0007.txt", "sub" }, Names(result));
            var a = (RemoteItem)result.Output[0].BaseObject;
            Assert.Equal(_fx.HomePath(tree) + "/a.csv", a.FullName);
            Assert.Equal(8, a.Length);
            Assert.Equal('-', a.Mode[0]);
            Assert.Equal(_fx.Server.Port, a.Port);
            Assert.Equal(_fx.Server.UserName, a.UserName);
            Assert.False(a.IsDirectory);
            var sub = (RemoteItem)result.Output[3].BaseObject;
            Assert.True(sub.IsDirectory);
            Assert.StartsWith("d", sub.Mode);
            var bad = (RemoteItem)result.Output[2].BaseObject;
            Assert.Equal("bad\\x1B]0;pwned\\x07.txt", bad.DisplayName);
        }

        [Fact]
        public void Recurse_with_a_filter_lists_matching_files_at_every_depth_with_their_relative_paths()
        {
            string tree = MakeTree();
            var result = _fx.Run($"Get-RescaleChildItem 127.0.0.1 $tree -UserName $user -Recurse -Filter *.csv {_fx.Connection()}",
                ("tree", tree), ("user", _fx.Server.UserName));

            Assert.Empty(result.AllErrors);
            Assert.Equal(new[] { "a.csv", "sub/c.csv", "sub/deeper/d.csv" }, Names(result, "RelativePath"));
        }

        [Fact]
        public void Force_File_Directory_and_Depth_select_what_Get_ChildItem_would()
        {
            string tree = MakeTree();
            var vars = new[] { ("at", (object)_fx.Remote(tree)) };
            Assert.Contains(".hidden", Names(_fx.Run($"Get-RescaleChildItem $at -Force {_fx.Connection()}", vars)));
            Assert.Equal(new[] { "sub", "deeper" }, Names(_fx.Run($"Get-RescaleChildItem $at -Recurse -Directory {_fx.Connection()}", vars)));
            Assert.DoesNotContain("sub", Names(_fx.Run($"Get-RescaleChildItem $at -File {_fx.Connection()}", vars)));
            Assert.Equal(new[] { "a.csv", "sub/c.csv" }, Names(_fx.Run($"Get-RescaleChildItem $at -Depth 1 -Include *.csv {_fx.Connection()}", vars), "RelativePath"));
            Assert.Equal(new[] { "a.csv", "sub/c.csv" }, Names(_fx.Run($"Get-RescaleChildItem $at -Recurse -Filter *.csv -Exclude d* {_fx.Connection()}", vars), "RelativePath"));
        }

        [Fact]
        public void A_missing_path_is_PathNotFound_and_the_other_paths_are_still_listed()
        {
            string tree = MakeTree();
            var result = _fx.Run($"Get-RescaleChildItem $at -Path nothing-here, {tree}/sub {_fx.Connection()}", ("at", _fx.Remote("")));

            var error = Assert.Single(result.AllErrors);
            Assert.StartsWith("PathNotFound,", error.FullyQualifiedErrorId);
            Assert.Equal(System.Management.Automation.ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
            Assert.Equal(new[] { "c.csv", "deeper" }, Names(result));
        }

        [Fact]
        public void Two_links_to_the_folder_itself_are_listed_once_each_and_reported_as_loops_with_FollowSymlink()
        {
            string tree = MakeTree();
            string root = _fx.HomePath(tree);
            ExternalTool.Run("ln", "-s", ".", Path.Combine(root, "sub", "loop1")).EnsureSuccess("ln");
            ExternalTool.Run("ln", "-s", "..", Path.Combine(root, "sub", "loop2")).EnsureSuccess("ln");
            ExternalTool.Run("chown", "-h", _fx.Server.UserName + ":", Path.Combine(root, "sub", "loop1"), Path.Combine(root, "sub", "loop2"));

            var result = _fx.Run($"Get-RescaleChildItem $at -Recurse -FollowSymlink {_fx.Connection()}", ("at", _fx.Remote(tree)));

            Assert.Empty(result.AllErrors);
            Assert.Equal(2, result.Warnings.Count(w => w.Contains("loop")));
            var links = result.Output.Select(o => (RemoteItem)o.BaseObject).Where(i => i.IsSymlink).ToList();
            Assert.Equal(new[] { "loop1", "loop2" }, links.Select(l => l.Name));
            Assert.Equal(root + "/sub", links[0].LinkTarget);
            Assert.Equal(9, result.Output.Count);
        }

        [Fact]
        public void A_20000_entry_folder_is_listed_whole_and_in_name_order()
        {
            string name = _fx.NewRemoteFolder("big");
            string root = _fx.HomePath(name);
            var random = new Random(3);
            for (int i = 0; i < 20_000; i++) File.WriteAllBytes(Path.Combine(root, $"f{random.Next():x8}-{i}"), Array.Empty<byte>());
            _fx.Server.GiveToUser(root);

            var result = _fx.Run($"Get-RescaleChildItem $at {_fx.Connection()} | ForEach-Object Name", ("at", _fx.Remote(name)));

            Assert.Empty(result.AllErrors);
            var names = result.Output.Select(o => (string)o.BaseObject).ToList();
            Assert.Equal(20_000, names.Count);
            Assert.Equal(names.OrderBy(n => n, StringComparer.Ordinal), names);
        }

        [Fact]
        public void A_wide_tree_read_ahead_comes_out_in_walk_order_whole_with_an_unreadable_folder_reported_in_place()
        {
            string name = _fx.NewRemoteFolder("wide");
            string root = _fx.HomePath(name);
            for (int d = 0; d < 12; d++)
            {
                for (int s = 0; s < 4; s++)
                {
                    string folder = Path.Combine(root, $"d{d:00}", $"s{s}");
                    Directory.CreateDirectory(folder);
                    for (int f = 0; f < 3; f++) File.WriteAllText(Path.Combine(folder, $"f{f}"), "x");
                }
            }
            // more entries than one read ahead may hold: this folder is read at its turn, streaming
            string big = Path.Combine(root, "d05", "big");
            Directory.CreateDirectory(big);
            for (int i = 0; i < 4500; i++) File.WriteAllBytes(Path.Combine(big, $"b{i:00000}"), Array.Empty<byte>());
            _fx.Server.GiveToUser(root);
            string locked = Path.Combine(root, "d07", "s2");
            File.SetUnixFileMode(locked, UnixFileMode.None);
            var expected = WalkOrder(root, "").Where(p => !p.StartsWith("d07/s2/", StringComparison.Ordinal)).ToList();

            try
            {
                var result = _fx.Run($"Get-RescaleChildItem $at -Recurse {_fx.Connection()} | ForEach-Object RelativePath", ("at", _fx.Remote(name)));

                var error = Assert.Single(result.AllErrors);
                Assert.StartsWith("PermissionDenied,", error.FullyQualifiedErrorId);
                Assert.Contains("d07/s2", error.Exception.Message);
                Assert.Equal(expected, result.Output.Select(o => (string)o.BaseObject));
            }
            finally
            {
                File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        /// <summary>Get-ChildItem -Recurse's order: a folder's entries by name, then each subfolder walked in name order.</summary>
        private static IEnumerable<string> WalkOrder(string folder, string relative)
        {
            var entries = Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToList();
            foreach (var entry in entries) yield return relative + entry;
            foreach (var entry in entries.Where(e => Directory.Exists(Path.Combine(folder, e))))
            {
                foreach (var below in WalkOrder(Path.Combine(folder, entry), relative + entry + "/")) yield return below;
            }
        }

        [Fact]
        public void A_session_lists_through_its_connection_and_its_items_carry_it()
        {
            string tree = MakeTree();
            var result = _fx.Run($"$s = New-RescaleSession $dev {_fx.Connection()}; Get-RescaleChildItem -Session $s -Path $tree/sub; Remove-RescaleSession $s",
                ("dev", $"{_fx.Server.UserName}@127.0.0.1"), ("tree", tree));

            Assert.Empty(result.AllErrors);
            var items = result.Output.Select(o => (RemoteItem)o.BaseObject).ToList();
            Assert.Equal(new[] { "c.csv", "deeper" }, items.Select(i => i.Name));
            Assert.All(items, i => Assert.NotNull(i.Session));
        }
    }
}
