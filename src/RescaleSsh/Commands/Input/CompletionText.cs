using System;
using System.Management.Automation;

namespace RescaleSsh.Commands
{
    /// <summary>The word being completed without its quotes, and a completion quoted as PowerShell needs it.</summary>
    internal static class CompletionText
    {
        private static readonly char[] NeedQuotes = { ' ', '\t', '$', '`', '\'', '"', '(', ')', '{', '}', ';', ',', '&', '|', '#', '<', '>' };

        public static string Unquote(string word)
        {
            if (string.IsNullOrEmpty(word)) return "";
            string text = word;
            if (text[0] == '\'' || text[0] == '"') text = text.Substring(1);
            if (text.Length > 0 && (text[text.Length - 1] == '\'' || text[text.Length - 1] == '"')) text = text.Substring(0, text.Length - 1);
            return text.Replace("''", "'");
        }

        /// <summary>Single-quoted when it holds anything PowerShell would parse, or starts with '@' (a splat); user@host:path stays bare.</summary>
        public static string Quote(string text) =>
            text.IndexOfAny(NeedQuotes) < 0 && !text.StartsWith("@", StringComparison.Ordinal) ? text : "'" + text.Replace("'", "''") + "'";

        public static CompletionResult Value(string text, string listItem, string toolTip) =>
            new CompletionResult(Quote(text), listItem, CompletionResultType.ParameterValue, string.IsNullOrEmpty(toolTip) ? listItem : toolTip);

        /// <summary>A parameter already typed on the line, as the completer's fakeBoundParameters hold it (a variable's value comes wrapped).</summary>
        public static T Bound<T>(System.Collections.IDictionary bound, string name) where T : class
        {
            object value = bound != null && bound.Contains(name) ? bound[name] : null;
            return (value is PSObject wrapped ? wrapped.BaseObject : value) as T;
        }

        public static int? BoundInt(System.Collections.IDictionary bound, string name)
        {
            object value = bound != null && bound.Contains(name) ? bound[name] : null;
            value = value is PSObject wrapped ? wrapped.BaseObject : value;
            return value is int number ? number : (int?)null;
        }

        public static bool StartsWith(string candidate, string typed) =>
            candidate.StartsWith(typed ?? "", StringComparison.OrdinalIgnoreCase);
    }
}
