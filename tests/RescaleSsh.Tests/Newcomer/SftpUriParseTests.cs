using RescaleSsh.Connections;
using RescaleSsh.Transfers;
using Xunit;

namespace RescaleSsh.Tests.Newcomer
{
    /// <summary>Issue 9 item 3 without a device: how sftp:// URIs read, as remote sides and as devices.</summary>
    public class SftpUriParseTests
    {
        [Theory]
        [InlineData("sftp://udeprod.ttooPb@10.54.7.67:2222/~/work/", "udeprod.ttooPb", "10.54.7.67", 2222, "work/")]
        [InlineData("sftp://udeprod.ttooPb@10.54.7.67:2222", "udeprod.ttooPb", "10.54.7.67", 2222, "")]
        [InlineData("SFTP://me@host/data/run%201/", "me", "host", 22, "/data/run 1/")]
        [InlineData("sftp://first.last%40corp@[::1]:2022/~", "first.last@corp", "::1", 2022, "")]
        [InlineData("sftp://first.last@corp@10.0.0.1/~/a@b:c", "first.last@corp", "10.0.0.1", 22, "a@b:c")]
        public void Sftp_uris_parse_as_FileZilla_WinSCP_and_curl_write_them(string text, string user, string host, int port, string path)
        {
            Assert.True(RemoteLocation.TryParse(text, out var location));
            Assert.Equal(user, location.Address.UserName);
            Assert.Equal(host, location.Address.Host);
            Assert.Equal(port, location.Address.Port ?? Device.DefaultPort);
            Assert.Equal(path, location.Path);
        }

        [Theory]
        [InlineData("sftp://u;fingerprint=ssh-rsa-aa@host/")]
        [InlineData("sftp://host")]
        [InlineData("sftp://u@host:0/")]
        [InlineData("sftp://u@host/data/")]
        public void Unusable_sftp_uris_are_DeviceInvalid_as_devices(string text)
        {
            var ex = Assert.Throws<RescaleSshException>(() => Device.Parse(text));
            Assert.Equal("DeviceInvalid", ex.ErrorId);
        }
    }
}
