using System.Collections.Generic;
using System.Text;
using RescaleSsh.Connections;
using RescaleSsh.Items;
using Xunit;

namespace RescaleSsh.Tests.Items
{
    /// <summary>The pure parts of the command runner and the item paths: caps, line splitting, absolute paths, precious paths.</summary>
    public class CommandOutputCaptureTests
    {
        [Fact]
        public void A_capture_keeps_bytes_up_to_its_cap_and_reports_the_overflow()
        {
            var capture = new BoundedCapture(10, null);
            Assert.True(capture.Add(Encoding.ASCII.GetBytes("123456"), 6));
            Assert.False(capture.Add(Encoding.ASCII.GetBytes("7890ab"), 6));
            Assert.True(capture.Truncated);
            Assert.Equal("1234567890", capture.Finish());
        }

        [Fact]
        public void Lines_are_handed_out_as_they_complete_with_CRLF_and_a_character_split_across_reads()
        {
            var lines = new List<string>();
            var capture = new BoundedCapture(1000, lines.Add);
            byte[] text = Encoding.UTF8.GetBytes("één\r\ntwo\nlast");
            capture.Add(text[..1], 1); // half of 'é'
            Assert.Empty(lines);
            capture.Add(text[1..], text.Length - 1);
            Assert.Equal(new[] { "één", "two" }, lines);
            Assert.Equal("", capture.Finish());
            Assert.Equal(new[] { "één", "two", "last" }, lines);
        }

        [Theory]
        [InlineData("/home/u", ".", "/home/u")]
        [InlineData("/home/u", "~", "/home/u")]
        [InlineData("/home/u", "~/work/", "/home/u/work")]
        [InlineData("/home/u", "work/./a//b", "/home/u/work/a/b")]
        [InlineData("/home/u", "/srv/data/", "/srv/data")]
        [InlineData("/home/u", "/", "/")]
        public void Device_paths_are_made_absolute_from_the_login_home(string home, string path, string expected) =>
            Assert.Equal(expected, DevicePaths.Absolute(home, path));

        [Theory]
        [InlineData("/", true)]
        [InlineData("/home", true)]
        [InlineData("/home/u", true)]
        [InlineData("/home/u/.ssh", true)]
        [InlineData("/srv/other/.ssh", true)]
        [InlineData("/home/u/work", false)]
        [InlineData("/home/user2", false)]
        [InlineData("/home/u/.sshx", false)]
        public void Precious_paths_are_the_root_the_home_its_parents_and_ssh_folders(string path, bool precious) =>
            Assert.Equal(precious, DevicePaths.Precious("/home/u", path) != null);
    }
}
