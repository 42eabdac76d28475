using System.Linq;
using System.Management.Automation;
using RescaleSsh.Connections;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Connections
{
    public class DeviceAddressingTests
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
        public void Malformed_device_strings_are_DeviceInvalid(string text)
        {
            var ex = Assert.Throws<RescaleSshException>(() => Device.Parse(text));
            Assert.Equal("DeviceInvalid", ex.ErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, ex.Category);
        }

        [Fact]
        public void Known_hosts_names_follow_OpenSSH()
        {
            Assert.Equal("10.0.0.1", new Device("10.0.0.1", "u").KnownHostsName);
            Assert.Equal("[10.0.0.1]:2222", new Device("10.0.0.1", "u", 2222).KnownHostsName);
        }

        [Fact]
        public void A_device_binds_from_parameters_a_positional_string_a_piped_string_and_csv_columns()
        {
            using var lab = new DeviceLab();
            using var ps = new PowerShellSession();
            var vars = lab.Variables();
            var result = ps.Run(
                "Test-RescaleConnection -ComputerName 127.0.0.1 -UserName $user -Port $port -KeyFilePath $key -KnownHostsPath $kh;" +
                "Test-RescaleConnection $device -KeyFilePath $key -KnownHostsPath $kh;" +
                "$device | Test-RescaleConnection -KeyFilePath $key -KnownHostsPath $kh;" +
                "[pscustomobject]@{ ServerIP = '127.0.0.1'; HostId = $user; Port = \"$port\" } | Test-RescaleConnection -KeyFilePath $key -KnownHostsPath $kh;" +
                "[pscustomobject]@{ HostName = '127.0.0.1'; User = $user; Port = $port; IdentityFile = $key } | Test-RescaleConnection -KnownHostsPath $kh;" +
                "[pscustomobject]@{ IPAddress = '127.0.0.1'; Login = $user; Port = $port } | Test-RescaleConnection -KeyFile $key -KnownHostsPath $kh",
                vars);
            Assert.Empty(result.AllErrors);
            Assert.Equal(6, result.Output.Count);
            Assert.All(result.Output, o => Assert.Equal(true, o.Properties["Authenticated"].Value));
        }

        [Theory]
        [InlineData("Test-RescaleConnection 'user@' -KeyFilePath x", "DeviceInvalid,RescaleSsh.Commands.TestRescaleConnectionCommand")]
        [InlineData("Test-RescaleConnection '127.0.0.1' -KeyFilePath x", "DeviceInvalid,RescaleSsh.Commands.TestRescaleConnectionCommand")]
        [InlineData("Test-RescaleConnection 'u@127.0.0.1' -Port 0", "ParameterArgumentValidationError,RescaleSsh.Commands.TestRescaleConnectionCommand")]
        [InlineData("Test-RescaleConnection 'u@127.0.0.1' -ThrottleLimit 0", "ParameterArgumentValidationError,RescaleSsh.Commands.TestRescaleConnectionCommand")]
        [InlineData("Test-RescaleConnection 'u@127.0.0.1' -HostKeyPolicy Sometimes", "CannotConvertArgumentNoMessage,RescaleSsh.Commands.TestRescaleConnectionCommand")]
        public void Bad_input_is_a_clear_error(string script, string errorId)
        {
            using var ps = new PowerShellSession();
            var result = ps.Run(script);
            Assert.Empty(result.Output);
            Assert.Contains(errorId, result.ErrorIds);
        }
    }
}
