using Xunit;

namespace RescaleSsh.Tests.AuthorizedKeys
{
    /// <summary>Tests that shorten the module's lock timings run alone, so that no other test's writers see them.</summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class SerialCollection
    {
        public const string Name = "AuthorizedKeys lock timings";
    }
}
