using RescaleSsh.Transfers;
using Xunit;

namespace RescaleSsh.Engine.Tests.Transfers
{
    /// <summary>
    /// The fast SFTP paths reach SSH.NET internals by reflection and fall back to the public API when they are
    /// missing; on the SSH.NET version the module pins, they must all be found (else every transfer is silently slower).
    /// </summary>
    public class FastPathTests
    {
        [Fact]
        public void Every_internal_the_fast_paths_use_is_found_in_the_pinned_SSH_NET()
        {
            Assert.True(SftpRequests.Available);
        }
    }
}
