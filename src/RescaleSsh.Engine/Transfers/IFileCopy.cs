using System;
using System.Threading;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// One file's copy in one direction, step by step, so that <see cref="TransferJob"/> can check what it must
    /// before the file takes its final name: the temporary file is claimed (created exclusively, or an own partial
    /// file kept for -Resume), the bytes are copied into it, and only then is it stamped and renamed over the target.
    /// </summary>
    internal interface IFileCopy : IDisposable
    {
        /// <summary>The temporary file on the destination side (a local path or a device path).</summary>
        string PartialPath { get; }

        /// <summary>The file on this computer whose bytes the device's are compared with (the partial file, or the source).</summary>
        string LocalPath { get; }

        /// <summary>The file on the device compared with <see cref="LocalPath"/> (the source, or the partial file).</summary>
        string RemotePath { get; }

        /// <summary>Why the usual temporary name was not used (for -Verbose), or null.</summary>
        string Note { get; }

        /// <summary>Picks the temporary file; returns how many bytes of an earlier partial copy it holds (0: starts empty).</summary>
        long Claim(bool resume);

        /// <summary>Drops the bytes <see cref="Claim"/> kept: the copy starts from the beginning.</summary>
        void Restart();

        /// <summary>Copies the bytes from <paramref name="offset"/> on into the temporary file.</summary>
        void Copy(long offset, Action<long> progress, CancellationToken cancellation);

        /// <summary>Gives the temporary file the source's time (when <paramref name="stamp"/>) and renames it over the target.</summary>
        void Finish(bool stamp, CancellationToken cancellation);

        /// <summary>After a failure: removes the temporary file unless it can be resumed and <paramref name="keepForResume"/>.</summary>
        void Abandon(bool keepForResume);
    }
}
