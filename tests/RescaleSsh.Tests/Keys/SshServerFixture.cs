using System;
using RescaleSsh.Tests.Infrastructure;

namespace RescaleSsh.Tests.Keys
{
    /// <summary>One sshd for the class: the key tests only add lines to its authorized_keys.</summary>
    public sealed class SshServerFixture : IDisposable
    {
        public SshServer Server { get; } = SshServer.Start();
        public void Dispose() => Server.Dispose();
    }
}
