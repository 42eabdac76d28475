using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Keys
{
    /// <summary>
    /// OpenSSH's ssh, and the module's own connection layer (New-RescaleSession, SSH.NET), log into a real sshd
    /// with the keys New-RescaleKeyPair writes, OpenSSH and PuTTY files, encrypted or not.
    /// </summary>
    public class SshLoginTests : IClassFixture<SshServerFixture>
    {
        private readonly SshServer _server;

        public SshLoginTests(SshServerFixture fixture)
        {
            _server = fixture.Server;
        }

        [Theory]
        [MemberData(nameof(KeyKit.TypeNamesWithAndWithoutPassphrase), MemberType = typeof(KeyKit))]
        public void OpenSSH_and_the_module_log_in_with_a_generated_key_once_its_public_key_is_authorized(string typeName, bool encrypted)
        {
            var type = KeyKit.Type(typeName);
            using var folder = new TempFolder();
            using var ps = new PowerShellSession();
            string path = folder.Combine("ssh", "key");
            var result = ps.Run(KeyKit.NewKeyScript(path, type.Algorithm, type.Size, encrypted, "-Format Both"), ("pass", KeyKit.Secure(KeyKit.Pass)));
            Assert.Empty(result.AllErrors);
            var pair = result.Single<KeyPair>();

            // Not yet authorized: refused.
            Assert.NotEqual(0, Login(path, folder, encrypted).ExitCode);

            _server.AuthorizeKey(pair.PublicKey);
            var login = Login(path, folder, encrypted);
            Assert.True(login.ExitCode == 0, login.StdErr);
            Assert.Equal("logged-in-" + _server.UserName, login.StdOut.Trim());

            // The module's own connection layer, with the OpenSSH key and with the .ppk.
            foreach (var keyFile in new[] { pair.PrivateKeyPath, pair.PuttyKeyPath })
            {
                var session = ps.Run(
                    "New-RescaleSession -ComputerName 127.0.0.1 -UserName $user -Port $port -KeyFilePath $key -KeyPassphrase $pass -KnownHostsPath $kh " +
                    "| ForEach-Object { $_; Remove-RescaleSession $_ }",
                    ("user", _server.UserName), ("port", _server.Port), ("key", keyFile), ("pass", encrypted ? KeyKit.Secure(KeyKit.Pass) : null),
                    ("kh", folder.Combine("module_known_hosts")));
                Assert.True(!session.AllErrors.Any(), keyFile + ": " + session);
                Assert.Equal(_server.HostKeyFingerprint, session.Output.Single().Properties["HostKeyFingerprint"].Value);
            }
        }

        /// <summary>
        /// ssh as a user runs it, except that the passphrase comes from an askpass program (BatchMode would
        /// refuse to ask for it). Never reads any ~/.ssh: -F /dev/null, IdentitiesOnly, our own known_hosts.
        /// </summary>
        private ToolResult Login(string identity, TempFolder folder, bool encrypted)
        {
            string knownHosts = folder.Combine("known_hosts");
            File.WriteAllText(knownHosts, $"[127.0.0.1]:{_server.Port} {_server.HostKeyPublicLine}\n");
            string askpass = folder.Combine("askpass.sh");
            File.WriteAllText(askpass, $"#!/bin/sh\necho '{KeyKit.Pass}'\n");
            File.SetUnixFileMode(askpass, UnixFileMode.UserRead | UnixFileMode.UserExecute);
            var args = new List<string>
            {
                "SSH_ASKPASS=" + askpass, "SSH_ASKPASS_REQUIRE=" + (encrypted ? "force" : "never"), "DISPLAY=:0",
                "ssh", "-F", "/dev/null", "-p", _server.Port.ToString(),
                "-o", "BatchMode=no", "-o", "IdentitiesOnly=yes", "-o", "ConnectTimeout=10", "-o", "NumberOfPasswordPrompts=1",
                "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + knownHosts, "-o", "GlobalKnownHostsFile=/dev/null",
                "-o", "PasswordAuthentication=no", "-o", "KbdInteractiveAuthentication=no", "-o", "PreferredAuthentications=publickey",
                "-i", identity, _server.UserName + "@127.0.0.1", "echo logged-in-$(id -un)",
            };
            return ExternalTool.Run("env", args.ToArray(), null, 60);
        }

        [Fact]
        public void A_generated_key_piped_into_Add_RescaleAuthorizedKey_then_logs_in()
        {
            using var folder = new TempFolder();
            using var ps = new PowerShellSession();
            string admin = folder.Combine("admin");
            var adminPair = ps.Run(KeyKit.NewKeyScript(admin, "Ed25519", null, false)).Single<KeyPair>();
            _server.AuthorizeKey(adminPair.PublicKey);

            string user = folder.Combine("user");
            var added = ps.Run(KeyKit.NewKeyScript(user, "RSA", 2048, false) +
                " | Add-RescaleAuthorizedKey -ComputerName 127.0.0.1 -UserName $user -Port $port -KeyFilePath $admin -KnownHostsPath $kh",
                ("user", _server.UserName), ("port", _server.Port), ("admin", admin), ("kh", folder.Combine("module_known_hosts")));
            Assert.True(!added.AllErrors.Any(), added.ToString());
            Assert.Contains(added.Output, o => o.Properties["Status"].Value.ToString() == "Added");
            Assert.Single(added.Output);
            Assert.All(added.Output, o => Assert.Equal(KeyKit.ToolFingerprint(user + ".pub"), o.Properties["Fingerprint"].Value));
            Assert.Single(File.ReadAllLines(_server.AuthorizedKeysPath), l => l.StartsWith(File.ReadAllText(user + ".pub").Split(' ')[0] + " " + File.ReadAllText(user + ".pub").Split(' ')[1]));

            var login = Login(user, folder, encrypted: false);
            Assert.True(login.ExitCode == 0, login.StdErr);
        }
    }
}
