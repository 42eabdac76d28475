using System.Collections.Generic;
using System.Threading;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// What the destination already holds, looked up while a plan is made so that -Update and -WhatIf can say what the
    /// run will really do: one listing per existing destination folder (not a stat per file), read only when needed and
    /// dropped once the walk has left the folder. Folders the plan creates are known to be empty without asking.
    /// </summary>
    internal sealed class DestinationIndex
    {
        private readonly IFileTree _tree;
        private readonly PlanBudget _budget;
        private readonly CancellationToken _cancellation;
        private readonly Dictionary<string, Dictionary<string, TreeEntry>> _listed = new Dictionary<string, Dictionary<string, TreeEntry>>();

        public DestinationIndex(IFileTree tree, PlanBudget budget, CancellationToken cancellation)
        {
            _tree = tree;
            _budget = budget;
            _cancellation = cancellation;
        }

        /// <summary>The entry named <paramref name="name"/> in the existing folder <paramref name="folder"/> (links not followed), or null.</summary>
        public TreeEntry Find(string folder, string name)
        {
            if (!_listed.TryGetValue(folder, out var entries))
            {
                entries = new Dictionary<string, TreeEntry>();
                IReadOnlyList<TreeEntry> listed;
                try
                {
                    listed = _tree.List(folder, _budget.Remaining, _cancellation);
                }
                catch (System.Exception ex) when (!(ex is System.OperationCanceledException) && !(ex is RescaleSshException))
                {
                    // Unreadable: nothing counts as there already; copying into it reports the real problem per file.
                    listed = System.Array.Empty<TreeEntry>();
                }
                _budget.Take(listed.Count, _tree.Display(folder));
                foreach (var entry in listed) entries[entry.Name] = entry;
                _listed.Add(folder, entries);
            }
            return entries.TryGetValue(name, out var found) ? found : null;
        }

        /// <summary>The walk has left <paramref name="folder"/>: its listing is not needed any more.</summary>
        public void Forget(string folder) => _listed.Remove(folder);

        /// <summary>
        /// True when <paramref name="existing"/> (an entry of the destination, or null) already holds what
        /// <paramref name="source"/> would write: a regular file, not a link, of the same size and modification time
        /// (to the second: SFTP v3 carries whole seconds).
        /// </summary>
        public static bool IsUpToDate(TreeEntry existing, TreeEntry source) =>
            existing != null && existing.IsFile && !existing.IsLink && existing.Length == source.Length &&
            SameSecond(existing.LastWriteTimeUtc, source.LastWriteTimeUtc);

        internal static bool SameSecond(System.DateTime a, System.DateTime b) =>
            a.ToUniversalTime().Ticks / System.TimeSpan.TicksPerSecond == b.ToUniversalTime().Ticks / System.TimeSpan.TicksPerSecond;
    }
}
