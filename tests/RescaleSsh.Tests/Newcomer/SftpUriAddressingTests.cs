using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using RescaleSsh.Tests.Connections;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Newcomer
{
    /// <summary>
    /// Issue 9 item 3: <c>u@h:2222:work/</c> silently went to port 22 and made a file "2222:work". The URI FileZilla,
    /// WinSCP and curl use, sftp://user@host:port/path, is accepted wherever a remote path or a device is, and
    /// host:NUMBER:path is refused with both spellings shown, before anything connects.
    /// </summary>
    public sealed class SftpUriAddressingTests : System.IDisposable
    {
        private readonly DeviceLab _lab = new DeviceLab();
        private readonly PowerShellSession _ps = new PowerShellSession();
        private readonly TempFolder _local = new TempFolder();

        public SftpUriAddressingTests()
        {
            _lab.TrustHostKey();
            Directory.CreateDirectory(Path.Combine(_lab.Server.Home, "work"));
            _lab.Server.GiveToUser(Path.Combine(_lab.Server.Home, "work"));
            File.WriteAllText(_local.Combine("f.txt"), "payload");
        }

        private string User => _lab.Server.UserName;
        private int Port => _lab.Server.Port;
        private int Connections() => Regex.Matches(_lab.Server.ReadLog(), "Connection from").Count;

        [Fact]
        public void Copy_to_an_sftp_uri_uses_its_port_and_its_home_relative_path()
        {
            var result = _ps.Run($"Copy-RescaleItem $f 'sftp://{User}@127.0.0.1:{Port}/~/work/' -KeyFilePath $key -KnownHostsPath $kh; " +
                                 $"Copy-RescaleItem 'sftp://{User}@127.0.0.1:{Port}/~/work/f.txt' '{_local.Combine("back.txt")}' -KeyFilePath $key -KnownHostsPath $kh",
                WithLocation());

            Assert.True(!result.AllErrors.Any(), result.ToString());
            Assert.Equal("payload", File.ReadAllText(Path.Combine(_lab.Server.Home, "work", "f.txt")));
            Assert.Equal("payload", File.ReadAllText(_local.Combine("back.txt")));
        }

        [Fact]
        public void An_sftp_uri_path_without_a_tilde_is_absolute_as_in_WinSCP_and_curl()
        {
            string absolute = Path.Combine(_lab.Server.Home, "work");

            var result = _ps.Run($"Copy-RescaleItem $f 'sftp://{User}@127.0.0.1:{Port}{absolute}/' -KeyFilePath $key -KnownHostsPath $kh", WithLocation());

            Assert.True(!result.AllErrors.Any(), result.ToString());
            Assert.True(File.Exists(Path.Combine(absolute, "f.txt")));
        }

        [Fact]
        public void With_a_session_an_sftp_uri_to_its_device_is_a_path_there_and_one_to_another_device_is_refused()
        {
            var vars = WithLocation();
            var result = _ps.Run($"$s = New-RescaleSession '{User}@127.0.0.1:{Port}' -KeyFilePath $key -KnownHostsPath $kh; " +
                                 $"Copy-RescaleItem $f -ToSession $s -Destination 'sftp://{User}@127.0.0.1:{Port}/~/work/'", vars);
            var refused = _ps.Run($"Copy-RescaleItem $f -ToSession $s -Destination 'sftp://{User}@127.0.0.1:{Port + 1}/~/work/other/'", vars);

            Assert.True(!result.AllErrors.Any(), result.ToString());
            Assert.Equal("payload", File.ReadAllText(Path.Combine(_lab.Server.Home, "work", "f.txt")));
            Assert.StartsWith("SessionDeviceMismatch,", Assert.Single(refused.AllErrors).FullyQualifiedErrorId);
            Assert.Equal(new[] { "f.txt" }, Directory.GetFileSystemEntries(Path.Combine(_lab.Server.Home, "work")).Select(Path.GetFileName));
        }

        [Fact]
        public void An_sftp_uri_is_a_device_for_the_device_cmdlets()
        {
            string uri = $"sftp://{User}@127.0.0.1:{Port}";
            var result = _ps.Run($"Test-RescaleConnection '{uri}' -KeyFilePath $key -KnownHostsPath $kh; " +
                                 $"'{uri}/' | Get-RescaleAuthorizedKey -KeyFilePath $key -KnownHostsPath $kh; " +
                                 $"New-RescaleSession '{uri}' -KeyFilePath $key -KnownHostsPath $kh | Remove-RescaleSession",
                _lab.Variables());

            Assert.True(!result.AllErrors.Any(), result.ToString());
            Assert.Equal(true, result.Prop(0, "Authenticated"));
            Assert.Equal(Port, (int)result.Prop(0, "Port"));
            Assert.Equal("lab", result.Prop(1, "Comment"));
        }

        [Fact]
        public void A_port_written_into_an_scp_path_is_refused_with_both_spellings_and_nothing_connects()
        {
            int before = Connections();

            var result = _ps.Run($"Copy-RescaleItem $f '{User}@127.0.0.1:{Port}:work/' -KeyFilePath $key -KnownHostsPath $kh", WithLocation());

            Assert.Empty(result.Output);
            var error = Assert.Single(result.AllErrors);
            Assert.StartsWith("RemotePathAmbiguous,", error.FullyQualifiedErrorId);
            Assert.Equal(System.Management.Automation.ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.Contains($"{User}@127.0.0.1:work/ -Port {Port}", error.Exception.Message);
            Assert.Contains($"sftp://{User}@127.0.0.1:{Port}/~/work/", error.Exception.Message);
            Assert.Equal(before, Connections());
            Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(_lab.Server.Home, "work")));
            Assert.DoesNotContain(Directory.GetFileSystemEntries(_lab.Server.Home), e => Path.GetFileName(e).StartsWith(Port.ToString()));
        }

        [Fact]
        public void A_device_string_with_a_path_after_its_port_is_refused_with_both_spellings()
        {
            var result = _ps.Run($"Test-RescaleConnection '{User}@127.0.0.1:{Port}:work' -KeyFilePath $key -KnownHostsPath $kh", _lab.Variables());

            Assert.Empty(result.Output);
            var error = Assert.Single(result.AllErrors);
            Assert.StartsWith("DeviceInvalid,", error.FullyQualifiedErrorId);
            Assert.Contains($"{User}@127.0.0.1:{Port} ", error.Exception.Message);
            Assert.Contains($"sftp://{User}@127.0.0.1:{Port}", error.Exception.Message);
        }

        /// <summary>The lab's variables and $f, the local file to upload.</summary>
        private System.Collections.Generic.IDictionary<string, object> WithLocation()
        {
            var vars = _lab.Variables();
            vars["f"] = _local.Combine("f.txt");
            return vars;
        }

        public void Dispose()
        {
            _ps.Dispose();
            _local.Dispose();
            _lab.Dispose();
        }
    }
}
