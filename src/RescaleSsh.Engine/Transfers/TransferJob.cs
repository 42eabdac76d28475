using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using RescaleSsh.Connections;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// Copies one planned file on a worker thread: claims the temporary file, checks a resumed prefix, copies, runs
    /// the -Verify check while the file still has its temporary name, and only then stamps and renames it; returns its
    /// TransferResult or throws a RescaleSshException naming the file. What it did and why goes to -Verbose.
    /// </summary>
    internal static class TransferJob
    {
        public static TransferResult Run(DeviceConnection connection, DeviceFileSystem device, TransferItem item, TransferOptions options,
            TransferProgress progress, IOperationHost host, CancellationToken cancellation)
        {
            var clock = Stopwatch.StartNew();
            bool upload = options.Direction == TransferDirection.Upload;
            long reported = 0;
            try
            {
                progress?.Started(DisplayText.Visible(item.SourceDisplay));
                var steps = new Steps(connection, item, options, host, cancellation)
                {
                    Moved = bytes =>
                    {
                        reported += bytes;
                        progress?.Moved(bytes);
                    },
                    AlreadyThere = bytes =>
                    {
                        reported += bytes;
                        progress?.AlreadyThere(bytes);
                    },
                };
                using (IFileCopy copy = upload ? new FileUploader(connection, item, device, host.WriteVerbose) : (IFileCopy)new FileDownloader(connection, item))
                {
                    steps.Run(copy);
                }
                var result = TransferResult.For(item, options.Direction, steps.ResumedFrom > 0 ? TransferStatus.Resumed : TransferStatus.Copied,
                    clock.Elapsed, item.Length - steps.ResumedFrom);
                result.Sha256 = steps.Sha256;
                host.WriteVerbose(steps.ResumedFrom > 0
                    ? string.Format(CultureInfo.InvariantCulture, "Resumed '{0}' into '{1}': {2} bytes were there already, {3} copied.",
                        Shown(item.SourceDisplay), Shown(item.DestinationDisplay), steps.ResumedFrom, item.Length - steps.ResumedFrom)
                    : CopiedNarration(item));
                return result;
            }
            finally
            {
                progress?.FileDone(item.Length - reported);
            }
        }

        /// <summary>-Verbose's line for a file copied whole.</summary>
        public static string CopiedNarration(TransferItem item) =>
            string.Format(CultureInfo.InvariantCulture, "Copied '{0}' to '{1}' ({2} bytes).", Shown(item.SourceDisplay), Shown(item.DestinationDisplay), item.Length);

        private static string Shown(string text) => DisplayText.Visible(text);

        /// <summary>One file's steps and what they found.</summary>
        private sealed class Steps
        {
            private readonly DeviceConnection _connection;
            private readonly TransferItem _item;
            private readonly TransferOptions _options;
            private readonly IOperationHost _host;
            private readonly CancellationToken _cancellation;

            public Steps(DeviceConnection connection, TransferItem item, TransferOptions options, IOperationHost host, CancellationToken cancellation)
            {
                _connection = connection;
                _item = item;
                _options = options;
                _host = host;
                _cancellation = cancellation;
            }

            public Action<long> Moved { get; set; }
            public Action<long> AlreadyThere { get; set; }
            public long ResumedFrom { get; private set; }
            public string Sha256 { get; private set; }

            private bool Upload => _options.Direction == TransferDirection.Upload;

            /// <summary>True when the copy's content is known to be the source's: a fresh copy, a prefix whose SHA-256 matched, or -Verify.</summary>
            private bool _trusted;

            public void Run(IFileCopy copy)
            {
                try
                {
                    _trusted = ClaimAndCheck(copy);
                    _connection.Hooks.BeforeCopy?.Invoke(_item.SourcePath);
                    string noted = copy.Note;
                    copy.Copy(ResumedFrom, Moved, _cancellation);
                    // Without -Resume the temporary name is looked at only when something already holds it.
                    if (copy.Note != null && copy.Note != noted) _host.WriteVerbose(copy.Note);
                    if (_options.Verify)
                    {
                        _connection.Hooks.BeforeVerify?.Invoke(copy.PartialPath);
                        Sha256 = Verify(copy);
                        _trusted = true;
                    }
                    copy.Finish(_trusted, _cancellation);
                }
                catch (Exception) when (_cancellation.IsCancellationRequested)
                {
                    // Ctrl+C: whatever the interrupted step threw, the partial file stays for -Resume.
                    copy.Abandon(keepForResume: true);
                    throw new OperationCanceledException(_cancellation);
                }
                catch (RescaleSshException ex) when (ex.ErrorId == "RemoteHashUnavailable" || ex.ErrorId == "RemoteHashFailed")
                {
                    // The copy itself is whole; only the check could not be made. The file takes its name, and the error says so.
                    Finish(copy);
                    throw TransferFailure.Visible(ex);
                }
                catch (RescaleSshException ex) when (ex.ErrorId == "VerifyFailed")
                {
                    copy.Abandon(keepForResume: false);
                    throw;
                }
                catch (SourceChangedException ex)
                {
                    copy.Abandon(keepForResume: false);
                    throw new RescaleSshException("SourceChanged", FailureCategory.InvalidData,
                        $"'{Shown(_item.SourceDisplay)}' changed while it was copied: {ex.Message}. Nothing was written under its name; copy it again once it no longer changes.",
                        _item.SourceDisplay, ex);
                }
                catch (Exception ex)
                {
                    var failure = TransferFailure.Translate(ex, _item.SourceDisplay, Upload ? "upload" : "download", copy.PartialPath, _item.DestinationPath);
                    // Kept for -Resume only after a cut connection (the case -Resume is for); any other failure leaves nothing behind.
                    copy.Abandon(keepForResume: failure.ErrorId == "ConnectionLost");
                    throw failure;
                }
            }

            /// <summary>Claims the temporary file and, for -Resume, checks the bytes it holds; true when the result can be trusted as a whole.</summary>
            private bool ClaimAndCheck(IFileCopy copy)
            {
                long offset = copy.Claim(_options.Resume);
                if (copy.Note != null) _host.WriteVerbose(copy.Note);
                if (offset == 0) return true;
                var match = ResumeCheck.Compare(_connection, copy.LocalPath, copy.RemotePath, offset, _cancellation);
                if (match == PrefixMatch.Mismatch)
                {
                    _host.WriteVerbose($"The partial copy of '{Shown(_item.SourceDisplay)}' does not match the start of the source (left by an older version?); it is copied from the beginning.");
                    copy.Restart();
                    return true;
                }
                if (match == PrefixMatch.Plausible)
                {
                    _host.WriteVerbose($"The device cannot compute SHA-256, so only the last block of the partial copy of '{Shown(_item.SourceDisplay)}' was compared; " +
                                       "the file keeps the time of the copy (not the source's), so that -Update copies it again.");
                }
                ResumedFrom = offset;
                AlreadyThere(offset);
                return match == PrefixMatch.Confirmed;
            }

            private void Finish(IFileCopy copy)
            {
                try
                {
                    copy.Finish(_trusted, _cancellation);
                }
                catch (Exception ex) when (!(ex is OperationCanceledException))
                {
                    var failure = TransferFailure.Translate(ex, _item.SourceDisplay, Upload ? "upload" : "download", copy.PartialPath, _item.DestinationPath);
                    copy.Abandon(keepForResume: failure.ErrorId == "ConnectionLost");
                    throw failure;
                }
            }

            /// <summary>Compares SHA-256 on both sides while the file has its temporary name; a mismatch is VerifyFailed.</summary>
            private string Verify(IFileCopy copy)
            {
                string remoteDisplay = Upload ? _item.DestinationDisplay : _item.SourceDisplay;
                string local = FileHash.Sha256(copy.LocalPath, _cancellation);
                string remote = RemoteHasher.Sha256(_connection, copy.RemotePath, Shown(remoteDisplay), _item.SourceDisplay, _cancellation);
                if (!string.Equals(local, remote, StringComparison.Ordinal))
                {
                    throw new RescaleSshException("VerifyFailed", FailureCategory.InvalidData,
                        $"'{Shown(_item.DestinationDisplay)}' did not match its source after the copy (SHA-256 here {local}, on the device {remote}); it was not written " +
                        "(an existing file there is unchanged). Copy it again; if it keeps failing, check the device's storage.",
                        _item.SourceDisplay);
                }
                return local;
            }
        }
    }
}
