using System;

namespace RescaleSsh
{
    /// <summary>
    /// Wildcard matching of names, supplied by the caller: the module implements it with PowerShell's own
    /// WildcardPattern, so that <c>*</c>, <c>?</c>, <c>[a-z]</c> and backtick escapes mean on the device what they
    /// mean in Copy-Item. The engine only asks whether a text is a pattern and matches names with it.
    /// </summary>
    internal interface IWildcardSyntax
    {
        bool HasWildcards(string text);

        Func<string, bool> Compile(string pattern, bool ignoreCase);
    }
}
