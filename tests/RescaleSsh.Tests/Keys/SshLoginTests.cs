using System;
using System.Collections.Generic;
using System.IO;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Keys
{
    /// <summary>OpenSSH's ssh logs into a real sshd with the keys New-RescaleKeyPair writes, encrypted or not.</summary>
    public class SshLoginTests : IClassFixture<SshServerFixture>
    {
        private readonly SshServer _server;

        public SshLoginTests(SshServerFixture fixture)
        {
            _server = fixture.Server;
        }

        [Theory]
        [MemberData(nameof(KeyKit.TypeNamesWithAndWithoutPassphrase), MemberType = typeof(KeyKit))]
        public void OpenSSH_logs_in_with_a_generated_key_once_its_public_key_is_authorized(string typeName, bool encrypted)
        {
            var type = KeyKit.Type(typeName);
            using var folder = new TempFolder();
            using var ps = new PowerShellSession();
            string path = folder.Combine("ssh", "key");
            var result = ps.Run(KeyKit.NewKeyScript(path, type.Algorithm, type.Size, encrypted), ("pass", KeyKit.Secure(KeyKit.Pass)));
            Assert.Empty(result.AllErrors);
            var pair = result.Single<KeyPair>();

            // Not yet authorized: refused.
            Assert.NotEqual(0, Login(path, folder, encrypted).ExitCode);

            _server.AuthorizeKey(pair.PublicKey);
            var login = Login(path, folder, encrypted);
            Assert.True(login.ExitCode == 0, login.StdErr);
            Assert.Equal("logged-in-" + _server.UserName, login.StdOut.Trim());
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
    }
}
