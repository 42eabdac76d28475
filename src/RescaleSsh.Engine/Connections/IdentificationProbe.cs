using System;
using System.Net.Sockets;
using System.Text;

namespace RescaleSsh.Connections
{
    /// <summary>
    /// Tells apart the two ways a connection can close before the server's identification string (RFC 4253 4.2),
    /// which SSH.NET reports alike: sshd refusing one more connection while too many are still logging in
    /// (MaxStartups: it closes without a byte), and a port that is no SSH server at all. One bare TCP connection
    /// that sends nothing: an SSH server speaks first ("SSH-") or, when still refusing, closes at once; anything else
    /// (other bytes, or silence) is no SSH server. Used only after such a failure.
    /// </summary>
    internal static class IdentificationProbe
    {
        public static bool IsBusySshServer(Device device, int timeoutSeconds)
        {
            int timeout = (int)Math.Min(3000, Math.Max(500, timeoutSeconds * 1000L));
            try
            {
                using (var tcp = new TcpClient())
                {
                    if (!tcp.ConnectAsync(device.ComputerName, device.Port).Wait(timeout)) return false;
                    var stream = tcp.GetStream();
                    stream.ReadTimeout = timeout;
                    var first = new byte[4];
                    int length = 0, read;
                    while (length < first.Length && (read = stream.Read(first, length, first.Length - length)) > 0) length += read;
                    return length == 0 || Encoding.ASCII.GetString(first, 0, length) == "SSH-";
                }
            }
            catch (Exception ex) when (ex is SocketException || ex is System.IO.IOException || ex is AggregateException || ex is ObjectDisposedException)
            {
                // A reset at once is a refusal too; a timeout (IOException around a timed-out read) is silence.
                return ex is System.IO.IOException io && io.InnerException is SocketException reset && reset.SocketErrorCode == SocketError.ConnectionReset;
            }
        }
    }
}
