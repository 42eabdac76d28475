using System;

namespace RescaleSsh.Transfers
{
    /// <summary>An IProgress that calls back on the reporting thread (Progress&lt;T&gt; would post to a thread pool).</summary>
    internal sealed class SyncProgress<T> : IProgress<T>
    {
        private readonly Action<T> _report;

        public SyncProgress(Action<T> report)
        {
            _report = report;
        }

        public void Report(T value) => _report(value);
    }
}
