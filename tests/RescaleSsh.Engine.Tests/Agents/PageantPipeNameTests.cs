using System;
using System.Linq;
using RescaleSsh.Agents;
using Xunit;

namespace RescaleSsh.Engine.Tests.Agents
{
    /// <summary>
    /// Pageant's pipe name derived as PuTTY's agent_named_pipe_name() and capi_obfuscate_string() do. The expected
    /// hashes were computed independently (Python hashlib over the SSH string of the 16-byte padded "Pageant").
    /// </summary>
    public class PageantPipeNameTests
    {
        [Fact]
        public void Without_CryptProtectMemory_the_suffix_is_the_SHA256_of_the_padded_realm_as_an_SSH_string()
        {
            Assert.Equal(@"\\.\pipe\pageant.alice.2e9e7389b30cd8240bf15518e9a228d6537dc38d64b2070a189ca2fe5452d492",
                PageantPipeName.Derive("alice", null));
        }

        [Fact]
        public void The_suffix_hashes_what_CryptProtectMemory_returns()
        {
            byte[] seen = null;
            string name = PageantPipeName.Derive("bob", data =>
            {
                seen = data;
                return data.Select(b => (byte)(b ^ 0x5A)).ToArray();
            });
            Assert.Equal(@"\\.\pipe\pageant.bob.5299669a64d84c7b75f49602589f841104c8ac39473e6acb0d87721078e4265d", name);
            // "Pageant", its NUL, zero padding to CRYPTPROTECTMEMORY_BLOCK_SIZE.
            Assert.Equal(new byte[] { (byte)'P', (byte)'a', (byte)'g', (byte)'e', (byte)'a', (byte)'n', (byte)'t', 0, 0, 0, 0, 0, 0, 0, 0, 0 }, seen);
        }

        [Fact]
        public void A_failed_CryptProtectMemory_falls_back_to_the_plain_bytes_as_PuTTY_does()
        {
            Assert.Equal(PageantPipeName.Derive("carol", null), PageantPipeName.Derive("carol", _ => null));
        }

        [Fact]
        public void The_user_name_is_part_of_the_name_and_must_not_be_empty()
        {
            Assert.StartsWith(@"\\.\pipe\pageant.dave.", PageantPipeName.Derive("dave", null));
            Assert.Throws<ArgumentException>(() => PageantPipeName.Derive("", null));
        }
    }
}
