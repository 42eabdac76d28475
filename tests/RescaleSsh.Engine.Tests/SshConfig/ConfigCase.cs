using System.Collections.Generic;
using RescaleSsh.SshConfig;

namespace RescaleSsh.Engine.Tests.SshConfig
{
    /// <summary>
    /// One oracle case: a config (and the files it includes, paths relative to the fake home; {HOME} in any text is
    /// the fake home), the host to resolve, the same command-line values for ssh (-l, -p, -o) and for the module,
    /// and the agreement expected.
    /// </summary>
    public sealed record ConfigCase(
        string Name,
        string Config,
        string Host,
        Agreement Expected = Agreement.Same,
        IReadOnlyDictionary<string, string> Files = null,
        string[] SshArgs = null,
        SshConfigOverrides Overrides = null);
}
