using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using RescaleSsh.Connections;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Connections
{
    /// <summary>
    /// Issue 14: SSH.NET fixes its socket's buffers at 137,072 bytes when it connects, which caps what one connection
    /// keeps in flight over a long link whatever the SSH windows allow. The module widens them once connected; the
    /// kernel's own account of the connection (`ss -tm`: rb, tb) is what is checked. Linux doubles what is asked and
    /// clamps it to net.core.rmem_max / wmem_max.
    /// </summary>
    public class TcpBufferTests
    {
        private static long Expected(string limitFile) =>
            2 * Math.Min(TcpBuffers.Bytes, long.Parse(File.ReadAllText(limitFile).Trim(), System.Globalization.CultureInfo.InvariantCulture));

        [Fact]
        public void A_connection_to_a_device_has_TCP_buffers_for_a_long_link()
        {
            using var lab = new DeviceLab();
            using var ps = new PowerShellSession();
            var session = ps.Run("New-RescaleSession $device -KeyFilePath $key -KnownHostsPath $kh", lab.Variables()).Output.Single();
            try
            {
                var ss = ExternalTool.Run("ss", "-tmnH", "state", "established", "dst", $"127.0.0.1:{lab.Server.Port}");
                Assert.Equal(0, ss.ExitCode);
                var sockets = Regex.Matches(ss.StdOut, @"skmem:\(r\d+,rb(\d+),t\d+,tb(\d+)").Cast<Match>().ToList();

                Assert.NotEmpty(sockets);
                Assert.All(sockets, m =>
                {
                    Assert.True(long.Parse(m.Groups[1].Value) >= Expected("/proc/sys/net/core/rmem_max"), "receive buffer: " + m.Value);
                    Assert.True(long.Parse(m.Groups[2].Value) >= Expected("/proc/sys/net/core/wmem_max"), "send buffer: " + m.Value);
                });
            }
            finally
            {
                ps.Run("Remove-RescaleSession $s", ("s", session));
            }
        }
    }
}
