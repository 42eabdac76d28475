using RescaleSsh.Connections;
using RescaleSsh.Transfers;
using Xunit;

namespace RescaleSsh.Engine.Tests.Connections
{
    /// <summary>The one user@host rule: device strings and the user@host:path sides of Copy-RescaleItem agree.</summary>
    public class DeviceParseTests
    {
        [Theory]
        [InlineData("udeprod.ttooPb@10.54.7.67", null, 22, "10.54.7.67", "udeprod.ttooPb", 22)]
        [InlineData("udeprod.ttooPb@10.54.7.67:2222", null, 22, "10.54.7.67", "udeprod.ttooPb", 2222)]
        [InlineData("10.54.7.67", "alice", 2200, "10.54.7.67", "alice", 2200)]
        [InlineData("bob@host.example.com", "alice", 22, "host.example.com", "bob", 22)]
        [InlineData("me@[::1]:2022", null, 22, "::1", "me", 2022)]
        [InlineData("fe80::1", "me", 22, "fe80::1", "me", 22)]
        [InlineData("first.last@corp@10.0.0.1", null, 22, "10.0.0.1", "first.last@corp", 22)]
        public void Device_strings_parse_as_the_status_page_writes_them(string text, string user, int port, string host, string expectedUser, int expectedPort)
        {
            var device = Device.Parse(text, user, port);
            Assert.Equal(host, device.ComputerName);
            Assert.Equal(expectedUser, device.UserName);
            Assert.Equal(expectedPort, device.Port);
        }

        [Theory]
        [InlineData("")]
        [InlineData("@10.0.0.1")]
        [InlineData("user@")]
        [InlineData("user@host:0")]
        [InlineData("user@host:70000")]
        [InlineData("user@host:ssh")]
        [InlineData("10.0.0.1")]
        [InlineData("user@[::1")]
        [InlineData("user@bad host")]
        [InlineData("@{IP=10.0.0.1; HostId=udeprod.ttooPb}")]
        public void Malformed_device_strings_are_DeviceInvalid(string text)
        {
            var ex = Assert.Throws<RescaleSshException>(() => Device.Parse(text));
            Assert.Equal("DeviceInvalid", ex.ErrorId);
            Assert.Equal(FailureCategory.InvalidArgument, ex.Category);
        }

        [Fact]
        public void Known_hosts_names_follow_OpenSSH()
        {
            Assert.Equal("10.0.0.1", new Device("10.0.0.1", "u").KnownHostsName);
            Assert.Equal("[10.0.0.1]:2222", new Device("10.0.0.1", "u", 2222).KnownHostsName);
        }

        [Theory]
        [InlineData("udeprod.ttooPb@10.54.7.67:work/", "udeprod.ttooPb", "10.54.7.67", "work/")]
        [InlineData("first.last@corp@10.0.0.1:work/a@b:c.txt", "first.last@corp", "10.0.0.1", "work/a@b:c.txt")]
        [InlineData("me@[::1]:/tmp/x", "me", "::1", "/tmp/x")]
        [InlineData("me@host:", "me", "host", "")]
        public void Remote_sides_split_the_user_at_the_last_at_sign_before_the_host_as_device_strings_do(string text, string user, string host, string path)
        {
            Assert.True(RemoteLocation.TryParse(text, out var location));
            Assert.Equal(user, location.Address.UserName);
            Assert.Equal(host, location.Address.Host);
            Assert.Null(location.Address.Port);
            Assert.Equal(path, location.Path);
            Assert.Equal(Device.Parse(text.Substring(0, text.Length - path.Length - 1), null, 2222).UserName, location.Address.UserName);
        }

        [Theory]
        [InlineData("dev1:work/", "dev1", "work/")]
        [InlineData("host.example.com:/data/in", "host.example.com", "/data/in")]
        [InlineData("[fd00::7]:x", "fd00::7", "x")]
        public void A_host_without_a_user_is_a_remote_side_whose_user_comes_from_the_config(string text, string host, string path)
        {
            Assert.True(RemoteLocation.TryParse(text, out var location));
            Assert.Null(location.Address.UserName);
            Assert.Equal(host, location.Address.Host);
            Assert.Equal(path, location.Path);
        }

        [Theory]
        [InlineData("./results:2024/a.csv")]
        [InlineData("C:\\Users\\me\\out.csv")]
        [InlineData("C:out.csv")]
        [InlineData("/home/me/a@b:c")]
        [InlineData("sub\\a:b")]
        [InlineData(":work")]
        [InlineData("@host:work")]
        [InlineData("plainfile.txt")]
        public void Local_paths_are_never_taken_for_a_remote_side(string text)
        {
            Assert.False(RemoteLocation.TryParse(text, out _));
        }

        [Theory]
        [InlineData("dev1", null, "dev1", null)]
        [InlineData("me@dev1:2222", "me", "dev1", 2222)]
        [InlineData("[::1]:22", null, "::1", 22)]
        [InlineData("fe80::1", null, "fe80::1", null)]
        public void Device_addresses_keep_what_was_not_written_empty_for_the_config(string text, string user, string host, int? port)
        {
            var address = DeviceAddress.Parse(text);
            Assert.Equal((user, host, port), (address.UserName, address.Host, address.Port));
        }
    }
}
