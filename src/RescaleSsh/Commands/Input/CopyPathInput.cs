using System.Collections.Generic;

namespace RescaleSsh.Commands
{
    /// <summary>
    /// Copy-RescaleItem's sources as they arrive, from -Path (wildcards) or -LiteralPath (as written), record by record.
    /// Both parameters are in every parameter set (the connection parameters of the base class are in one set only), so
    /// the choice is checked here: an item piped from Get-ChildItem binds both (its PSPath to -LiteralPath and its text
    /// to -Path), and then its PSPath is what names it, as with Copy-Item. One call takes one kind of path.
    /// </summary>
    internal sealed class CopyPathInput
    {
        private readonly List<string> _paths = new List<string>();
        private bool _pathOnCommandLine;
        private bool _literalOnCommandLine;
        private bool? _literal;

        public IReadOnlyList<string> Paths => _paths;

        /// <summary>True when the paths came from -LiteralPath.</summary>
        public bool Literal => _literal == true;

        /// <summary>Notes which of the two were given on the command line (before any pipeline input is bound).</summary>
        public void Begin(IDictionary<string, object> boundParameters)
        {
            _pathOnCommandLine = boundParameters.ContainsKey("Path");
            _literalOnCommandLine = boundParameters.ContainsKey("LiteralPath");
        }

        /// <summary>Takes one record's paths; a record with neither or both (given by the user) is refused.</summary>
        public void Add(string[] path, string[] literalPath)
        {
            bool literal;
            if (path != null && literalPath != null)
            {
                if (_pathOnCommandLine || _literalOnCommandLine) throw Refusal("PathAndLiteralPath", "Give -Path or -LiteralPath, not both.");
                literal = true; // a piped item: its PSPath names it exactly
            }
            else if (literalPath != null) literal = true;
            else if (path != null) literal = false;
            else throw Refusal("NoPath", "Give what to copy with -Path (wildcards allowed) or -LiteralPath (taken as written).");
            if (_literal.HasValue && _literal.Value != literal)
            {
                throw Refusal("PathAndLiteralPath", "One call copies either -Path items (wildcards) or -LiteralPath items (as written), not both.");
            }
            _literal = literal;
            _paths.AddRange(literal ? literalPath : path);
        }

        private static RescaleSshException Refusal(string id, string message) =>
            new RescaleSshException(id, FailureCategory.InvalidArgument, message);
    }
}
