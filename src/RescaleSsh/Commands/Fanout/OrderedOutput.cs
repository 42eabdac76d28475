using System;
using System.Collections.Generic;

namespace RescaleSsh.Commands
{
    /// <summary>
    /// Output in input order from work that finishes in any order (Test-RescaleConnection's one row per device, as
    /// Test-Connection gives them): each item reserves a slot when it is queued, and what it writes is held until every
    /// earlier slot has been written, then written at once. So results still stream: the first device's row appears as
    /// soon as it is done, and a slow device holds back only the rows after it. Pipeline thread only.
    /// </summary>
    internal sealed class OrderedOutput
    {
        private readonly Dictionary<int, Action> _held = new Dictionary<int, Action>();
        private int _reserved;
        private int _next;

        /// <summary>A slot for the next item in input order.</summary>
        public int Reserve() => _reserved++;

        /// <summary>The first slot not yet written: the item everything after it waits for.</summary>
        public int Next => _next;

        /// <summary>True when <paramref name="slot"/> must wait for an earlier one.</summary>
        public bool MustWait(int slot) => slot > _next;

        /// <summary>Records what <paramref name="slot"/> writes, and writes it and every held slot after it once order allows.</summary>
        public void Complete(int slot, Action write)
        {
            _held[slot] = write;
            while (_held.TryGetValue(_next, out var ready))
            {
                _held.Remove(_next);
                _next++;
                ready();
            }
        }
    }
}
