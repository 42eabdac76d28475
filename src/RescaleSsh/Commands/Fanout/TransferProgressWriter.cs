using System.Management.Automation;
using RescaleSsh.Transfers;

namespace RescaleSsh.Commands
{
    /// <summary>
    /// Copy-RescaleItem's Write-Progress: files done/total, bytes, rate and time left, written from the pipeline
    /// thread when the engine's <see cref="TransferProgress"/> says an update is due (a few times a second at most).
    /// </summary>
    internal sealed class TransferProgressWriter
    {
        private const int ProgressId = 0x5e5c;
        private readonly ConnectionCommand _command;
        private readonly string _activity;
        private TransferProgress _progress;

        public TransferProgressWriter(ConnectionCommand command, string activity)
        {
            _command = command;
            _activity = activity;
        }

        /// <summary>The progress the copy reports into, or null when $ProgressPreference is SilentlyContinue.</summary>
        public TransferProgress Start(int files, long bytes)
        {
            var preference = _command.GetVariableValue("ProgressPreference");
            if (preference is ActionPreference p && p == ActionPreference.SilentlyContinue) return null;
            _progress = new TransferProgress(files, bytes);
            _progress.Due = DueOn(_command.Pipeline, Write);
            return _progress;
        }

        /// <summary>
        /// Posts <paramref name="write"/> to the pipeline the command had when the copy started. SSH.NET reports a
        /// transfer's progress from the thread pool, so a report can come after the command ended and let its pipeline
        /// go (once this read the command's property then, and the null it found ended the process): a report that
        /// late is dropped.
        /// </summary>
        internal static System.Action DueOn(ConcurrentPipeline pipeline, System.Action write) => () => pipeline?.Post(write);

        public void Complete()
        {
            if (_progress == null) return;
            _command.WriteProgress(new ProgressRecord(ProgressId, _activity, _progress.Status) { RecordType = ProgressRecordType.Completed });
        }

        private void Write()
        {
            _command.WriteProgress(new ProgressRecord(ProgressId, _activity, _progress.Status)
            {
                PercentComplete = _progress.PercentComplete,
                SecondsRemaining = _progress.SecondsRemaining,
                CurrentOperation = _progress.CurrentFile ?? "",
            });
        }
    }
}
