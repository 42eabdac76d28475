using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Security;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Connections
{
    /// <summary>
    /// Trust decisions against real sshd: two first contacts with one host:port answered by two sshd with different host
    /// keys (one "intercepted") record one key, never both; GiveUpSecurityAndAcceptAny with a changed key warns with
    /// both fingerprints and never sends a password or keyboard-interactive answer.
    /// </summary>
    public class HostKeyTrustTests
    {
        private static PSCredential Password(SshServer server)
        {
            var secure = new SecureString();
            foreach (char c in server.Password) secure.AppendChar(c);
            return new PSCredential(server.UserName, secure);
        }

        [Fact]
        public void Two_concurrent_first_contacts_answered_with_two_host_keys_record_one_and_refuse_the_other()
        {
            using var lab = new DeviceLab();
            using var twin = new SecondHostKeyDaemon(lab.Server);
            using var proxy = new AlternatingProxy(lab.Server.Port, twin.Port);
            using var ps = new PowerShellSession();

            var result = ps.Run(
                "New-RescaleSession -ComputerName 127.0.0.1, 127.0.0.1 -UserName $user -Port $port -KeyFilePath $key -KnownHostsPath $kh -HostKeyPolicy AcceptNew -ThrottleLimit 2 " +
                "| ForEach-Object { $_; Remove-RescaleSession $_ }",
                ("user", lab.Server.UserName), ("port", proxy.Port), ("key", lab.KeyPath), ("kh", lab.KnownHostsPath));

            Assert.Equal(2, proxy.Accepted);
            var session = Assert.Single(result.Output);
            var error = Assert.Single(result.AllErrors);
            Assert.StartsWith("HostKeyChanged,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.SecurityError, error.CategoryInfo.Category);
            string recorded = (string)session.Properties["HostKeyFingerprint"].Value;
            string other = recorded == lab.Server.HostKeyFingerprint ? twin.HostKeyFingerprint : lab.Server.HostKeyFingerprint;
            Assert.Contains(other, error.Exception.Message);
            Assert.Contains(recorded, error.Exception.Message);

            // known_hosts holds one key for the host: the one the session that succeeded was offered.
            var line = Assert.Single(File.ReadAllLines(lab.KnownHostsPath));
            Assert.StartsWith($"[127.0.0.1]:{proxy.Port} ssh-ed25519 ", line);
            string fingerprint = ExternalTool.Run("ssh-keygen", "-l", "-f", lab.KnownHostsPath).EnsureSuccess("ssh-keygen -l").StdOut.Split(' ')[1];
            Assert.Equal(recorded, fingerprint);
        }

        private static string RecordOldKeyThenRotate(DeviceLab lab)
        {
            lab.TrustHostKey();
            string old = lab.Server.HostKeyFingerprint;
            lab.Server.RotateHostKey();
            return old;
        }

        [Fact]
        public void GiveUpSecurityAndAcceptAny_with_a_changed_key_never_sends_the_password()
        {
            using var lab = new DeviceLab();
            string old = RecordOldKeyThenRotate(lab);
            using var ps = new PowerShellSession();

            var result = ps.Run("New-RescaleSession 127.0.0.1 -Port $port -Credential $cred -KnownHostsPath $kh -HostKeyPolicy GiveUpSecurityAndAcceptAny",
                ("port", lab.Server.Port), ("cred", Password(lab.Server)), ("kh", lab.KnownHostsPath));

            var error = Assert.Single(result.AllErrors);
            Assert.StartsWith("HostKeyChanged,", error.FullyQualifiedErrorId);
            Assert.Contains("was not sent", error.Exception.Message);
            Assert.Contains(old, error.Exception.Message);
            Assert.Contains(lab.Server.HostKeyFingerprint, error.Exception.Message);
            Assert.Contains(result.Warnings, w => w.Contains(old) && w.Contains(lab.Server.HostKeyFingerprint) && w.Contains("password"));
            Assert.Empty(result.Output);
            string log = lab.Server.ReadLog();
            Assert.DoesNotContain("password for", log);
            Assert.DoesNotContain("Accepted password", log);

            // The same password logs in where known_hosts does not distrust the key: it is the withholding, not the password.
            var unknown = ps.Run("New-RescaleSession 127.0.0.1 -Port $port -Credential $cred -KnownHostsPath $kh -HostKeyPolicy GiveUpSecurityAndAcceptAny | ForEach-Object { $_; Remove-RescaleSession $_ }",
                ("port", lab.Server.Port), ("cred", Password(lab.Server)), ("kh", Path.Combine(lab.Server.ClientFolder, "empty_known_hosts")));
            Assert.Empty(unknown.AllErrors);
            Assert.Contains("Accepted password", lab.Server.ReadLog());
        }

        [Fact]
        public void GiveUpSecurityAndAcceptAny_with_a_changed_key_logs_in_with_a_key_and_warns_with_both_fingerprints()
        {
            using var lab = new DeviceLab();
            string old = RecordOldKeyThenRotate(lab);
            string before = File.ReadAllText(lab.KnownHostsPath);
            using var ps = new PowerShellSession();

            var result = ps.Run("New-RescaleSession $device -KeyFilePath $key -Credential $cred -KnownHostsPath $kh -HostKeyPolicy GiveUpSecurityAndAcceptAny | ForEach-Object { $_; Remove-RescaleSession $_ }",
                ("device", lab.Server.Device), ("key", lab.KeyPath), ("cred", Password(lab.Server)), ("kh", lab.KnownHostsPath));

            Assert.Empty(result.AllErrors);
            Assert.Single(result.Output);
            var warning = Assert.Single(result.Warnings);
            Assert.Contains("CHANGED", warning);
            Assert.Contains(old, warning);
            Assert.Contains(lab.Server.HostKeyFingerprint, warning);
            Assert.Equal(before, File.ReadAllText(lab.KnownHostsPath));
            Assert.DoesNotContain("password for", lab.Server.ReadLog());
        }

        [Fact]
        public void Test_connection_with_GiveUpSecurityAndAcceptAny_and_a_changed_key_reports_the_withheld_password_in_Error()
        {
            using var lab = new DeviceLab();
            RecordOldKeyThenRotate(lab);
            using var ps = new PowerShellSession();

            var result = ps.Run("Test-RescaleConnection 127.0.0.1 -Port $port -Credential $cred -KnownHostsPath $kh -HostKeyPolicy GiveUpSecurityAndAcceptAny",
                ("port", lab.Server.Port), ("cred", Password(lab.Server)), ("kh", lab.KnownHostsPath));

            var test = Assert.Single(result.Output);
            Assert.Equal("Changed", test.Properties["HostKeyStatus"].Value.ToString());
            Assert.Equal(false, test.Properties["Authenticated"].Value);
            Assert.Contains("was not sent", (string)test.Properties["Error"].Value);
            Assert.DoesNotContain("password for", lab.Server.ReadLog());
        }
    }
}
