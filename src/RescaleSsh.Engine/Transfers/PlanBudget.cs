using System.Globalization;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// How many files and folders one Copy-RescaleItem call may look at while it plans (-MaxEntries): every name
    /// listed on either side counts, so neither a link loop the walk cannot see nor a device that lists without end
    /// can grow a plan without bound. Reaching it stops the call before anything is copied (TooManyEntries).
    /// </summary>
    internal sealed class PlanBudget
    {
        public const int DefaultMaxEntries = 1000000;

        private readonly int _max;
        private int _used;

        public PlanBudget(int max)
        {
            _max = max > 0 ? max : DefaultMaxEntries;
        }

        public int Remaining => _max - _used;

        /// <summary>Counts <paramref name="count"/> more entries, met in <paramref name="where"/>; throws TooManyEntries past the limit.</summary>
        public void Take(int count, string where)
        {
            _used += count;
            if (_used <= _max) return;
            throw new RescaleSshException("TooManyEntries", FailureCategory.LimitsExceeded,
                string.Format(CultureInfo.InvariantCulture,
                    "The copy would look at more than {0} files and folders (reached in '{1}'), so nothing was copied. Copy a smaller part of the tree, " +
                    "or raise -MaxEntries if the tree really is that big.", _max, DisplayText.Visible(where)),
                where);
        }
    }
}
