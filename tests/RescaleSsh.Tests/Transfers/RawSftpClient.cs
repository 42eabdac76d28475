using System;
using RescaleSsh.Transfers;

namespace RescaleSsh.Tests.Transfers
{
    /// <summary>
    /// An SftpClient connected to the fixture's sshd, with its raw requests. The tests do not reference SSH.NET (the
    /// module brings its own copy), so the client is made by reflection on the type <see cref="SftpRequests.For"/> takes.
    /// </summary>
    internal static class RawSftpClient
    {
        public static (IDisposable Client, SftpRequests Requests) Connect(TransferServer fx) => Connect(fx.Server.Port, fx.Server.UserName, fx.KeyPath);

        public static (IDisposable Client, SftpRequests Requests) Connect(int port, string user, string keyPath)
        {
            var forClient = typeof(SftpRequests).GetMethod(nameof(SftpRequests.For))!;
            var clientType = forClient.GetParameters()[0].ParameterType;
            var sshNet = clientType.Assembly;
            var keySourceType = sshNet.GetType("Renci.SshNet.IPrivateKeySource", throwOnError: true)!;
            var keys = Array.CreateInstance(keySourceType, 1);
            keys.SetValue(Activator.CreateInstance(sshNet.GetType("Renci.SshNet.PrivateKeyFile", throwOnError: true)!, keyPath), 0);
            var client = (IDisposable)Activator.CreateInstance(clientType, "127.0.0.1", port, user, keys)!;
            clientType.GetMethod("Connect", Type.EmptyTypes)!.Invoke(client, null);
            return (client, (SftpRequests)forClient.Invoke(null, new object[] { client, new EngineHooks() })!);
        }
    }
}
