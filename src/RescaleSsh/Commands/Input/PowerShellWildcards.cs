using System;
using System.Management.Automation;

namespace RescaleSsh.Commands
{
    /// <summary>The engine's wildcard matching, done by PowerShell's WildcardPattern so that patterns mean what they mean in Copy-Item.</summary>
    internal sealed class PowerShellWildcards : IWildcardSyntax
    {
        internal static readonly PowerShellWildcards Instance = new PowerShellWildcards();

        public bool HasWildcards(string text) => WildcardPattern.ContainsWildcardCharacters(text);

        public Func<string, bool> Compile(string pattern, bool ignoreCase)
        {
            var options = WildcardOptions.CultureInvariant | (ignoreCase ? WildcardOptions.IgnoreCase : WildcardOptions.None);
            var compiled = new WildcardPattern(pattern, options);
            return compiled.IsMatch;
        }

        /// <summary>A predicate true for a name any of <paramref name="patterns"/> matches (case-insensitive, as -Include/-Exclude are); null when none is given.</summary>
        internal static Func<string, bool> AnyOf(string[] patterns)
        {
            if (patterns == null || patterns.Length == 0) return null;
            var matchers = Array.ConvertAll(Array.FindAll(patterns, p => !string.IsNullOrEmpty(p)), p => Instance.Compile(p, ignoreCase: true));
            if (matchers.Length == 0) return null;
            return name => Array.Exists(matchers, m => m(name));
        }
    }
}
