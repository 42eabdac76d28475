using System.Collections.Generic;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// The folders on the path a recursive walk is in, by identity (<see cref="IFileTree.Identity"/>: realpath), so that
    /// a link leading back to one of them is skipped instead of walked 2^depth times. Each skipped link is reported
    /// once, however often the walk meets it.
    /// </summary>
    internal sealed class LoopGuard
    {
        private readonly Dictionary<string, string> _ancestors = new Dictionary<string, string>();
        private readonly HashSet<string> _reported = new HashSet<string>();

        /// <summary>Records a folder the walk goes into; false (and nothing recorded) when it is one of the folders above.</summary>
        public bool TryEnter(string identity, string display)
        {
            if (identity == null) return true;
            if (_ancestors.ContainsKey(identity)) return false;
            _ancestors.Add(identity, display);
            return true;
        }

        public void Leave(string identity)
        {
            if (identity != null) _ancestors.Remove(identity);
        }

        /// <summary>The folder above that <paramref name="identity"/> is (as the walk reached it).</summary>
        public string AncestorDisplay(string identity) => _ancestors.TryGetValue(identity, out var display) ? display : identity;

        /// <summary>True the first time a loop through <paramref name="link"/> (the link's own identity) is met.</summary>
        public bool FirstReport(string link) => _reported.Add(link);
    }
}
