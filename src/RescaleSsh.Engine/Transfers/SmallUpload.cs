using System;
using System.Diagnostics;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// One file of <see cref="SmallUploads"/>: where it stands and what it waits for. Its answers arrive on SSH.NET's
    /// receive thread and are posted as steps for the driver, which alone reads and changes the rest.
    /// </summary>
    internal sealed class SmallUpload : ISftpAnswer
    {
        public enum Step
        {
            Reading,
            Opening,
            Writing,
            Renaming,
        }

        private readonly DriverSteps _steps;
        private readonly Action<SmallUpload, byte[], Exception> _answered;

        public SmallUpload(TransferItem item, DriverSteps steps, Action<SmallUpload, byte[], Exception> answered)
        {
            Item = item;
            _steps = steps;
            _answered = answered;
            TemporaryPath = RemotePath.Join(RemotePath.GetParent(item.DestinationPath), TransferItem.PartialNameFor(RemotePath.GetLeaf(item.DestinationPath)));
        }

        public TransferItem Item { get; }
        public string TemporaryPath { get; }
        public Stopwatch Clock { get; } = Stopwatch.StartNew();
        public byte[] Data { get; set; }

        /// <summary>Set before the step's requests are sent, so an answer always finds the step it answers.</summary>
        public Step At { get; set; }

        public int AnswersDue { get; set; }
        public bool Failed { get; set; }

        public bool WantsHandle => At == Step.Opening;

        public void Answered(byte[] handle, Exception error) => _steps.Post(() => _answered(this, handle, error));
    }
}
