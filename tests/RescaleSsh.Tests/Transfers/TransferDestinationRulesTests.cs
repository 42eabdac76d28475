using System.IO;
using System.Linq;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Transfers
{
    public class TransferDestinationRulesTests : IClassFixture<TransferServer>
    {
        private readonly TransferServer _fx;

        public TransferDestinationRulesTests(TransferServer fx)
        {
            _fx = fx;
        }

        private static string SmallTree(string root)
        {
            string src = Path.Combine(root, "src");
            Directory.CreateDirectory(Path.Combine(src, "inner"));
            File.WriteAllText(Path.Combine(src, "a.txt"), "a");
            File.WriteAllText(Path.Combine(src, "b.log"), "b");
            File.WriteAllText(Path.Combine(src, "inner", "c.txt"), "c");
            return src;
        }

        [Fact]
        public void A_folder_copied_into_an_existing_folder_is_nested_in_it()
        {
            using var local = new TempFolder();
            string src = SmallTree(local.Path);
            string remote = _fx.NewRemoteFolder();

            var r = _fx.Run($"Copy-RescaleItem $src $dst -Recurse {_fx.Connection()}", ("src", src), ("dst", _fx.Remote(remote)));

            Assert.Empty(r.AllErrors);
            Assert.Equal("c", File.ReadAllText(Path.Combine(_fx.HomePath(remote), "src", "inner", "c.txt")));
        }

        [Fact]
        public void A_folder_copied_to_a_new_name_is_created_under_that_name()
        {
            using var local = new TempFolder();
            string src = SmallTree(local.Path);
            string remote = _fx.NewRemoteFolder();

            var r = _fx.Run($"Copy-RescaleItem $src $dst -Recurse {_fx.Connection()}", ("src", src), ("dst", _fx.Remote(remote + "/renamed")));

            Assert.Empty(r.AllErrors);
            Assert.Equal("a", File.ReadAllText(Path.Combine(_fx.HomePath(remote), "renamed", "a.txt")));
            Assert.Equal("c", File.ReadAllText(Path.Combine(_fx.HomePath(remote), "renamed", "inner", "c.txt")));
            Assert.False(Directory.Exists(Path.Combine(_fx.HomePath(remote), "renamed", "src")));

            // And the same rule downwards.
            string down = Path.Combine(local.Path, "down-renamed");
            var d = _fx.Run($"Copy-RescaleItem $src $dst -Recurse {_fx.Connection()}", ("src", _fx.Remote(remote + "/renamed")), ("dst", down));
            Assert.Empty(d.AllErrors);
            Assert.Equal("c", File.ReadAllText(Path.Combine(down, "inner", "c.txt")));
        }

        [Fact]
        public void A_file_goes_into_an_existing_folder_under_its_name_or_to_the_new_name_given()
        {
            using var local = new TempFolder();
            string src = SmallTree(local.Path);
            string remote = _fx.NewRemoteFolder();

            var r = _fx.Run($"Copy-RescaleItem $a $dst {_fx.Connection()}; Copy-RescaleItem $a $named {_fx.Connection()}",
                ("a", Path.Combine(src, "a.txt")), ("dst", _fx.Remote(remote)), ("named", _fx.Remote(remote + "/renamed.txt")));

            Assert.Empty(r.AllErrors);
            Assert.Equal("a", File.ReadAllText(Path.Combine(_fx.HomePath(remote), "a.txt")));
            Assert.Equal("a", File.ReadAllText(Path.Combine(_fx.HomePath(remote), "renamed.txt")));
        }

        [Fact]
        public void A_folder_without_Recurse_is_created_empty_as_Copy_Item_does()
        {
            using var local = new TempFolder();
            string src = SmallTree(local.Path);
            string remote = _fx.NewRemoteFolder();

            var r = _fx.Run($"Copy-RescaleItem $src $dst {_fx.Connection()}", ("src", src), ("dst", _fx.Remote(remote)));

            Assert.Empty(r.AllErrors);
            Assert.Empty(r.Output);
            Assert.True(Directory.Exists(Path.Combine(_fx.HomePath(remote), "src")));
            Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_fx.HomePath(remote), "src")));
        }

        [Fact]
        public void Wildcards_on_the_local_side_select_files_and_existing_files_are_overwritten()
        {
            using var local = new TempFolder();
            string src = SmallTree(local.Path);
            string remote = _fx.NewRemoteFolder();
            File.WriteAllText(Path.Combine(_fx.HomePath(remote), "a.txt"), "old content, longer than the new one");
            _fx.Server.GiveToUser(_fx.HomePath(remote));

            var r = _fx.Run($"Copy-RescaleItem ($src + '/*.txt') $dst {_fx.Connection()}", ("src", src), ("dst", _fx.Remote(remote)));

            Assert.True(!r.AllErrors.Any(), r.ToString());
            Assert.Single(r.Output);
            Assert.Equal("a", File.ReadAllText(Path.Combine(_fx.HomePath(remote), "a.txt")));
            Assert.False(File.Exists(Path.Combine(_fx.HomePath(remote), "b.log")));
        }

        [Fact]
        public void Wildcards_on_the_remote_side_select_files_in_any_path_segment()
        {
            using var local = new TempFolder();
            string remote = _fx.NewRemoteFolder();
            foreach (var dir in new[] { "run1", "run2", "other" })
            {
                Directory.CreateDirectory(Path.Combine(_fx.HomePath(remote), dir));
                File.WriteAllText(Path.Combine(_fx.HomePath(remote), dir, dir + ".out"), dir);
                File.WriteAllText(Path.Combine(_fx.HomePath(remote), dir, dir + ".err"), dir);
            }
            _fx.Server.GiveToUser(_fx.HomePath(remote));

            var r = _fx.Run($"Copy-RescaleItem $src $dst {_fx.Connection()}", ("src", _fx.Remote(remote + "/run?/*.out")), ("dst", local.Path));

            Assert.Empty(r.AllErrors);
            Assert.Equal(new[] { "run1.out", "run2.out" }, Directory.GetFiles(local.Path).Select(Path.GetFileName).OrderBy(x => x).ToArray());
        }

        [Fact]
        public void Include_and_Exclude_filter_files_by_name_and_Exclude_drops_whole_folders()
        {
            using var local = new TempFolder();
            string src = SmallTree(local.Path);
            Directory.CreateDirectory(Path.Combine(src, "skipme"));
            File.WriteAllText(Path.Combine(src, "skipme", "d.txt"), "d");
            string remote = _fx.NewRemoteFolder();

            var r = _fx.Run($"Copy-RescaleItem $src $dst -Recurse -Include '*.txt' -Exclude 'skip*' {_fx.Connection()}", ("src", src), ("dst", _fx.Remote(remote)));

            Assert.Empty(r.AllErrors);
            string copied = Path.Combine(_fx.HomePath(remote), "src");
            Assert.True(File.Exists(Path.Combine(copied, "a.txt")));
            Assert.True(File.Exists(Path.Combine(copied, "inner", "c.txt")));
            Assert.False(File.Exists(Path.Combine(copied, "b.log")));
            Assert.False(Directory.Exists(Path.Combine(copied, "skipme")));
            Assert.Equal(2, r.Output.Count);
        }

        [Fact]
        public void Several_sources_need_an_existing_folder_and_nothing_is_copied_otherwise()
        {
            using var local = new TempFolder();
            string src = SmallTree(local.Path);
            string remote = _fx.NewRemoteFolder();

            var r = _fx.Run($"Copy-RescaleItem ($src + '/*') $dst {_fx.Connection()}", ("src", src), ("dst", _fx.Remote(remote + "/missing")));

            Assert.Contains("DestinationNotAFolder,RescaleSsh.Commands.CopyRescaleItemCommand", r.ErrorIds);
            Assert.False(Directory.Exists(Path.Combine(_fx.HomePath(remote), "missing")));
            Assert.False(File.Exists(Path.Combine(_fx.HomePath(remote), "missing")));
        }
    }
}
