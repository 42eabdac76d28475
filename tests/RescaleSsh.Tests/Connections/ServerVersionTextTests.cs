using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Connections
{
    /// <summary>
    /// The SSH version string is the device's own text: an escape sequence in it (a terminal title, a clear-screen) is
    /// shown as text in messages and verbose lines, never sent to the terminal; ConnectionTest.ServerVersion keeps it as sent.
    /// </summary>
    public class ServerVersionTextTests
    {
        private const string Evil = "\u001b]0;owned\u0007\u001b[2J";

        /// <summary>A listener that answers every connection with <paramref name="banner"/> and then holds it open.</summary>
        private static (TcpListener Listener, int Port) Banner(string banner)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            _ = Task.Run(async () =>
            {
                while (true)
                {
                    TcpClient client;
                    try { client = await listener.AcceptTcpClientAsync(); } catch (Exception) { return; }
                    try { await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(banner)); } catch (Exception) { }
                }
            });
            return (listener, ((IPEndPoint)listener.LocalEndpoint).Port);
        }

        [Fact]
        public void Control_characters_in_an_unsupported_version_string_are_made_visible_in_the_error()
        {
            var (listener, port) = Banner("SSH-1.99" + Evil + "-Evil\r\n");
            try
            {
                using var folder = new TempFolder();
                using var ps = new PowerShellSession();
                var result = ps.Run("New-RescaleSession 127.0.0.1 -UserName someone -Port $port -Credential $cred -KnownHostsPath $kh -ConnectTimeout 10",
                    ("port", port), ("kh", folder.Combine("known_hosts")),
                    ("cred", new System.Management.Automation.PSCredential("someone", Secure("pw"))));

                var error = Assert.Single(result.AllErrors);
                Assert.Contains("\\x1B]0;owned\\x07\\x1B[2J", error.Exception.Message);
                Assert.DoesNotContain('\u001b', error.Exception.Message);
                Assert.DoesNotContain('\u0007', error.Exception.Message);
            }
            finally
            {
                listener.Stop();
            }
        }

        [Fact]
        public void A_real_sshd_version_with_an_escape_sequence_is_kept_on_the_object_and_never_reaches_a_message_raw()
        {
            using var lab = new DeviceLab();
            using var twin = new SecondHostKeyDaemon(lab.Server, "VersionAddendum Evil" + Evil);
            using var ps = new PowerShellSession();

            var result = ps.Run("Test-RescaleConnection 127.0.0.1 -UserName $user -Port $port -KeyFilePath $key -KnownHostsPath $kh -Verbose",
                ("user", lab.Server.UserName), ("port", twin.Port), ("key", lab.KeyPath), ("kh", lab.KnownHostsPath));

            Assert.Empty(result.AllErrors);
            Assert.EndsWith("Evil" + Evil, (string)result.Prop(0, "ServerVersion"));
            Assert.Equal(true, result.Prop(0, "Authenticated"));
            foreach (var text in result.Verbose.Concat(result.Warnings))
            {
                Assert.DoesNotContain('\u001b', text);
                Assert.DoesNotContain('\u0007', text);
            }
        }

        private static System.Security.SecureString Secure(string text)
        {
            var s = new System.Security.SecureString();
            foreach (char c in text) s.AppendChar(c);
            return s;
        }
    }
}
