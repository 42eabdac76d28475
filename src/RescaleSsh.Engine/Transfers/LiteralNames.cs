using System;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// The literal counterpart of the module's wildcard syntax, for -LiteralPath: no character is special, so a file
    /// named data[1].csv on the device is found as written, and a name matches only itself.
    /// </summary>
    internal sealed class LiteralNames : IWildcardSyntax
    {
        public static readonly LiteralNames Instance = new LiteralNames();

        public bool HasWildcards(string text) => false;

        public Func<string, bool> Compile(string pattern, bool ignoreCase) =>
            name => string.Equals(name, pattern, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
    }
}
