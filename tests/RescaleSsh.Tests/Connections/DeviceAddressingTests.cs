using System.IO;
using System.Linq;
using System.Management.Automation;
using RescaleSsh.Connections;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Connections
{
    public class DeviceAddressingTests
    {
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
        [InlineData("Test-RescaleConnection 'user@' -KeyFilePath x -KnownHostsPath $kh", "DeviceInvalid,RescaleSsh.Commands.TestRescaleConnectionCommand")]
        [InlineData("Test-RescaleConnection '127.0.0.1' -KeyFilePath x -KnownHostsPath $kh", "DeviceInvalid,RescaleSsh.Commands.TestRescaleConnectionCommand")]
        [InlineData("[pscustomobject]@{ IP = '127.0.0.1'; HostId = 'u' } | Test-RescaleConnection -KeyFilePath x -KnownHostsPath $kh", "DeviceInvalid,RescaleSsh.Commands.TestRescaleConnectionCommand")]
        [InlineData("Test-RescaleConnection 'u@127.0.0.1' -Port 0 -KnownHostsPath $kh", "ParameterArgumentValidationError,RescaleSsh.Commands.TestRescaleConnectionCommand")]
        [InlineData("Test-RescaleConnection 'u@127.0.0.1' -ThrottleLimit 0 -KnownHostsPath $kh", "ParameterArgumentValidationError,RescaleSsh.Commands.TestRescaleConnectionCommand")]
        [InlineData("Test-RescaleConnection 'u@127.0.0.1' -HostKeyPolicy Sometimes -KnownHostsPath $kh", "CannotConvertArgumentNoMessage,RescaleSsh.Commands.TestRescaleConnectionCommand")]
        [InlineData("Test-RescaleConnection 'u@127.0.0.1' -HostKeyFingerprint 'MD5:16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48' -KnownHostsPath $kh", "ParameterArgumentValidationError,RescaleSsh.Commands.TestRescaleConnectionCommand")]
        [InlineData("New-RescaleSession 'u@127.0.0.1' -ConnectTimeout 0 -KnownHostsPath $kh", "ParameterArgumentValidationError,RescaleSsh.Commands.NewRescaleSessionCommand")]
        [InlineData("New-RescaleSession 'u@127.0.0.1' -HostKeyFingerprint 'SHA256:tooShort' -KnownHostsPath $kh", "ParameterArgumentValidationError,RescaleSsh.Commands.NewRescaleSessionCommand")]
        [InlineData("New-RescaleSession 'u@127.0.0.1:99999' -KnownHostsPath $kh", "DeviceInvalid,RescaleSsh.Commands.NewRescaleSessionCommand")]
        [InlineData("New-RescaleSession -ComputerName '' -KnownHostsPath $kh", "ParameterArgumentValidationError,RescaleSsh.Commands.NewRescaleSessionCommand")]
        [InlineData("Remove-RescaleSession -Session $null", "ParameterArgumentValidationError,RescaleSsh.Commands.RemoveRescaleSessionCommand")]
        public void Bad_input_is_a_clear_error_and_changes_nothing(string script, string errorId)
        {
            using var folder = new TempFolder();
            string knownHosts = folder.Combine("known_hosts");
            using var ps = new PowerShellSession();
            var result = ps.Run(script, ("kh", knownHosts));
            Assert.Empty(result.Output);
            Assert.Contains(errorId, result.ErrorIds);
            Assert.False(File.Exists(knownHosts));
        }

        [Fact]
        public void A_csv_row_without_an_address_column_is_told_which_columns_bind()
        {
            using var ps = new PowerShellSession();
            var error = Assert.Single(ps.Run("[pscustomobject]@{ IP = '10.0.0.1'; HostId = 'udeprod.ttooPb' } | Test-RescaleConnection -KeyFilePath x").AllErrors);
            Assert.StartsWith("DeviceInvalid,", error.FullyQualifiedErrorId);
            Assert.Contains("ServerIP", error.Exception.Message);
            Assert.DoesNotContain("before '@'", error.Exception.Message);
        }

        [Fact]
        public void A_fingerprint_that_cannot_be_SHA256_is_refused_before_connecting_and_says_why()
        {
            using var ps = new PowerShellSession();
            var error = Assert.Single(ps.Run("Test-RescaleConnection 'u@127.0.0.1:1' -HostKeyFingerprint 'SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s', '16:27:ac:a5' -KeyFilePath x").AllErrors);
            Assert.StartsWith("ParameterArgumentValidationError,", error.FullyQualifiedErrorId);
            Assert.Contains("'16:27:ac:a5' is not a SHA256 host key fingerprint", error.Exception.Message);
        }
    }
}
