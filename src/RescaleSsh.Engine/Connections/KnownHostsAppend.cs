using System;
using System.Collections.Generic;

namespace RescaleSsh.Connections
{
    /// <summary>What <see cref="KnownHostsFile.Append"/> found and did under the lock, and the file as it then was (for <see cref="KnownHostsCache"/>).</summary>
    internal sealed class KnownHostsAppend
    {
        public enum Outcome
        {
            /// <summary>The host had no entry; the key was appended.</summary>
            Appended,
            /// <summary>The key was already recorded for the host (by a concurrent connection, or another tool); nothing written.</summary>
            AlreadyRecorded,
            /// <summary>Another key was recorded for the host meanwhile; nothing written, and the connection must be refused.</summary>
            OtherKeyRecorded,
        }

        public KnownHostsAppend(Outcome result, IReadOnlyList<string> recordedFingerprints, KnownHostsFile file, long length, DateTime lastWriteUtc)
        {
            Result = result;
            RecordedFingerprints = recordedFingerprints;
            File = file;
            Length = length;
            LastWriteUtc = lastWriteUtc;
        }

        public Outcome Result { get; }
        /// <summary>The fingerprints the file held for the host before this append.</summary>
        public IReadOnlyList<string> RecordedFingerprints { get; }
        public KnownHostsFile File { get; }
        public long Length { get; }
        public DateTime LastWriteUtc { get; }
    }
}
