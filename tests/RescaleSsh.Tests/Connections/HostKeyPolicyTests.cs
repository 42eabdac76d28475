using System.IO;
using System.Linq;
using System.Management.Automation;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Connections
{
    public class HostKeyPolicyTests
    {
        private const string Connect =
            "New-RescaleSession $device -KeyFilePath $key -KnownHostsPath $kh -HostKeyPolicy $policy | ForEach-Object { $_; Remove-RescaleSession $_ }";

        private static ScriptResult Run(DeviceLab lab, string policy, string script = Connect, params (string, object)[] more)
        {
            using var ps = new PowerShellSession();
            var vars = lab.Variables();
            vars["policy"] = policy;
            foreach (var (name, value) in more) vars[name] = value;
            return ps.Run(script, vars);
        }

        private static string Read(string path) => File.Exists(path) ? File.ReadAllText(path) : null;

        [Fact]
        public void AcceptNew_trusts_an_unknown_host_records_it_warns_with_its_fingerprint_and_OpenSSH_accepts_the_file()
        {
            using var lab = new DeviceLab();
            var result = Run(lab, "AcceptNew");

            Assert.Empty(result.AllErrors);
            Assert.Single(result.Output);
            Assert.Contains(result.Warnings, w => w.Contains(lab.Server.HostKeyFingerprint));
            var keyParts = lab.Server.HostKeyPublicLine.Split(' ');
            Assert.Equal($"[127.0.0.1]:{lab.Server.Port} {keyParts[0]} {keyParts[1]}\n", Read(lab.KnownHostsPath));

            var ssh = lab.Server.Ssh(lab.KeyPath, lab.KnownHostsPath, "true", strictHostKeyChecking: "yes");
            Assert.True(ssh.ExitCode == 0, ssh.StdErr);
        }

        [Theory]
        [InlineData("AcceptNew")]
        [InlineData("Strict")]
        [InlineData("GiveUpSecurityAndAcceptAny")]
        public void Every_policy_connects_to_a_known_host_without_a_warning_or_a_change(string policy)
        {
            using var lab = new DeviceLab();
            lab.TrustHostKey();
            string before = Read(lab.KnownHostsPath);

            var result = Run(lab, policy);

            Assert.Empty(result.AllErrors);
            Assert.Single(result.Output);
            Assert.Empty(result.Warnings);
            Assert.Equal(before, Read(lab.KnownHostsPath));
        }

        [Theory]
        [InlineData("AcceptNew")]
        [InlineData("Strict")]
        public void A_changed_host_key_is_refused_before_authentication_with_both_fingerprints(string policy)
        {
            using var lab = new DeviceLab();
            lab.TrustHostKey();
            string oldFingerprint = lab.Server.HostKeyFingerprint;
            lab.Server.RotateHostKey();
            string before = Read(lab.KnownHostsPath);

            var result = Run(lab, policy);

            var error = Assert.Single(result.AllErrors);
            Assert.StartsWith("HostKeyChanged,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.SecurityError, error.CategoryInfo.Category);
            Assert.Contains(oldFingerprint, error.Exception.Message);
            Assert.Contains(lab.Server.HostKeyFingerprint, error.Exception.Message);
            Assert.Empty(result.Output);
            Assert.Equal(before, Read(lab.KnownHostsPath));
            // Nothing was sent: sshd never saw an authentication attempt.
            Assert.DoesNotContain("publickey", lab.Server.ReadLog());
        }

        [Fact]
        public void Strict_refuses_an_unknown_host_and_writes_nothing()
        {
            using var lab = new DeviceLab();
            var result = Run(lab, "Strict");
            var error = Assert.Single(result.AllErrors);
            Assert.StartsWith("HostKeyUnknown,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.SecurityError, error.CategoryInfo.Category);
            Assert.Contains(lab.Server.HostKeyFingerprint, error.Exception.Message);
            Assert.False(File.Exists(lab.KnownHostsPath));
        }

        [Fact]
        public void GiveUpSecurityAndAcceptAny_connects_to_unknown_and_changed_hosts_and_records_nothing()
        {
            using var lab = new DeviceLab();
            var unknown = Run(lab, "GiveUpSecurityAndAcceptAny");
            Assert.Empty(unknown.AllErrors);
            Assert.False(File.Exists(lab.KnownHostsPath));

            lab.TrustHostKey();
            lab.Server.RotateHostKey();
            string before = Read(lab.KnownHostsPath);
            var changed = Run(lab, "GiveUpSecurityAndAcceptAny");
            Assert.Empty(changed.AllErrors);
            Assert.Single(changed.Output);
            Assert.Equal(before, Read(lab.KnownHostsPath));
        }

        [Fact]
        public void A_known_hosts_file_hashed_by_ssh_keygen_is_honoured()
        {
            using var lab = new DeviceLab();
            File.WriteAllText(lab.KnownHostsPath,
                "# comment line\n" +
                $"otherhost,10.0.0.9 {lab.Server.HostKeyPublicLine}\n" +
                $"[127.0.0.1]:{lab.Server.Port} {lab.Server.HostKeyPublicLine}\n");
            ExternalTool.Run("ssh-keygen", "-H", "-f", lab.KnownHostsPath).EnsureSuccess("ssh-keygen -H");
            Assert.DoesNotContain("127.0.0.1", Read(lab.KnownHostsPath));

            var result = Run(lab, "Strict");

            Assert.Empty(result.AllErrors);
            Assert.Single(result.Output);
        }

        [Fact]
        public void Comma_lists_wildcards_markers_and_several_keys_per_host_are_read()
        {
            using var lab = new DeviceLab();
            string otherKey = Path.Combine(lab.Server.ClientFolder, "other_host_key");
            ExternalTool.Run("ssh-keygen", "-q", "-t", "ecdsa", "-N", "", "-f", otherKey).EnsureSuccess("ssh-keygen");
            string other = File.ReadAllText(otherKey + ".pub").Trim();
            File.WriteAllText(lab.KnownHostsPath,
                "\n" +
                $"@cert-authority *.example.com {other}\n" +
                $"[localhost]:{lab.Server.Port},[127.0.0.1]:{lab.Server.Port} {other}\n" +
                $"*.example.com,!bad.example.com {other}\r\n" +
                $"[127.0.0.?]:{lab.Server.Port} {lab.Server.HostKeyPublicLine}\n");

            var result = Run(lab, "Strict");

            Assert.Empty(result.AllErrors);
            Assert.Single(result.Output);
        }

        [Fact]
        public void A_host_key_marked_revoked_is_refused()
        {
            using var lab = new DeviceLab();
            lab.TrustHostKey();
            File.AppendAllText(lab.KnownHostsPath, $"@revoked * {lab.Server.HostKeyPublicLine}\n");
            var error = Assert.Single(Run(lab, "AcceptNew").AllErrors);
            Assert.StartsWith("HostKeyRevoked,", error.FullyQualifiedErrorId);
        }

        [Fact]
        public void A_pinned_fingerprint_overrides_known_hosts_and_a_wrong_pin_is_refused()
        {
            using var lab = new DeviceLab();
            const string pinned =
                "New-RescaleSession $device -KeyFilePath $key -KnownHostsPath $kh -HostKeyPolicy Strict -HostKeyFingerprint $pin | ForEach-Object { $_; Remove-RescaleSession $_ }";

            var right = Run(lab, "Strict", pinned, ("pin", lab.Server.HostKeyFingerprint));
            Assert.Empty(right.AllErrors);
            Assert.Single(right.Output);
            Assert.False(File.Exists(lab.KnownHostsPath));

            // known_hosts holding another key for the device (a Changed key) does not outvote the pin, and is left as it was.
            lab.TrustHostKey();
            string trusted = lab.Server.HostKeyFingerprint;
            lab.Server.RotateHostKey();
            string before = Read(lab.KnownHostsPath);
            var overriding = Run(lab, "AcceptNew", pinned.Replace("Strict", "AcceptNew"), ("pin", lab.Server.HostKeyFingerprint.Substring("SHA256:".Length)));
            Assert.Empty(overriding.AllErrors);
            Assert.Single(overriding.Output);
            Assert.Equal(before, Read(lab.KnownHostsPath));
            Assert.NotEqual(trusted, lab.Server.HostKeyFingerprint);

            var wrong = Run(lab, "Strict", pinned, ("pin", "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
            var error = Assert.Single(wrong.AllErrors);
            Assert.StartsWith("HostKeyFingerprintMismatch,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.SecurityError, error.CategoryInfo.Category);
            Assert.Contains(lab.Server.HostKeyFingerprint, error.Exception.Message);
        }

        [Theory]
        [InlineData("SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s", true)]
        [InlineData("sha256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s", true)]
        [InlineData("uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s=", true)]
        [InlineData(" SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s ", true)]
        [InlineData("SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2", false)]
        [InlineData("MD5:16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48", false)]
        [InlineData("16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48", false)]
        [InlineData("SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD-_", false)]
        [InlineData("", false)]
        public void Only_what_can_be_a_SHA256_fingerprint_is_a_well_formed_pin(string pin, bool expected)
        {
            Assert.Equal(expected, RescaleSsh.Connections.HostKeyPin.IsWellFormed(pin));
        }

        [Fact]
        public void Test_connection_reports_new_known_and_changed_keys_and_never_records_one()
        {
            using var lab = new DeviceLab();
            const string test = "Test-RescaleConnection $device -KeyFilePath $key -KnownHostsPath $kh";

            var fresh = Run(lab, "AcceptNew", test);
            Assert.Empty(fresh.AllErrors);
            Assert.Equal("New", fresh.Prop(0, "HostKeyStatus").ToString());
            Assert.Equal(true, fresh.Prop(0, "Authenticated"));
            Assert.Equal(lab.Server.HostKeyFingerprint, fresh.Prop(0, "HostKeyFingerprint"));
            Assert.StartsWith("SSH-2.0-OpenSSH", (string)fresh.Prop(0, "ServerVersion"));
            Assert.False(File.Exists(lab.KnownHostsPath));

            lab.TrustHostKey();
            var known = Run(lab, "AcceptNew", test);
            Assert.Equal("Known", known.Prop(0, "HostKeyStatus").ToString());
            Assert.Null(known.Prop(0, "Error"));

            string before = Read(lab.KnownHostsPath);
            lab.Server.RotateHostKey();
            var changed = Run(lab, "AcceptNew", test);
            Assert.Empty(changed.AllErrors);
            Assert.Equal("Changed", changed.Prop(0, "HostKeyStatus").ToString());
            Assert.Equal(true, changed.Prop(0, "Reachable"));
            Assert.Equal(false, changed.Prop(0, "Authenticated"));
            Assert.Contains("CHANGED", (string)changed.Prop(0, "Error"));
            Assert.Equal(before, Read(lab.KnownHostsPath));

            var quiet = Run(lab, "AcceptNew", test + " -Quiet");
            Assert.Equal(false, quiet.Output.Single().BaseObject);
        }
    
        [Fact]
        public void A_known_hosts_path_that_cannot_be_written_is_KnownHostsUnwritable_and_opens_no_session()
        {
            using var lab = new DeviceLab();
            using var ps = new PowerShellSession();
            var vars = lab.Variables(knownHosts: lab.Server.ClientFolder);
            var result = ps.Run("New-RescaleSession $device -KeyFilePath $key -KnownHostsPath $kh; @(Get-RescaleSession).Count", vars);
            var error = Assert.Single(result.AllErrors);
            Assert.StartsWith("KnownHostsUnwritable,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.WriteError, error.CategoryInfo.Category);
            Assert.Equal(0, result.Output.Single().BaseObject);
        }
    }
}
