using System;

namespace RescaleSsh
{
    /// <summary>
    /// Every test seam of the engine in one object (PSResourceGet's InternalHooks is the model). Commands take the
    /// hooks of the runspace they run in, which tests set per runspace, so one test's seams never reach another's.
    /// <see cref="Default"/> is what users run with.
    /// </summary>
    internal sealed class EngineHooks
    {
        public static readonly EngineHooks Default = new EngineHooks();

        /// <summary>A lock this old (device clock) on authorized_keys belongs to a writer that died.</summary>
        public TimeSpan StaleLockAge { get; set; } = TimeSpan.FromSeconds(15);

        /// <summary>How long an authorized_keys writer waits for a live lock before AuthorizedKeysLocked.</summary>
        public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>Runs after a file is copied and before -Verify hashes both sides, with the path of the temporary file about to be checked (e.g. to corrupt it).</summary>
        public Action<string> BeforeVerify { get; set; }

        /// <summary>Runs on the worker just before a planned file's bytes are copied, with its source path (e.g. to grow or shrink it).</summary>
        public Action<string> BeforeCopy { get; set; }

        /// <summary>Connections a large upload is written over (its ranges), whatever the round trip and size; 0: chosen by <see cref="Transfers.RangeSizing.ConnectionsFor"/>.</summary>
        public int UploadConnections { get; set; }

        /// <summary>How long a connection keeps its extra SFTP channels after its last large upload, for the next one.</summary>
        public TimeSpan ExtraChannelsIdleGrace { get; set; } = TimeSpan.FromSeconds(15);

        /// <summary>Runs with each extra SFTP channel a ranged upload opens (e.g. to close one mid-way).</summary>
        public Action<IDisposable> ExtraChannelOpened { get; set; }

        /// <summary>Runs on a ranged upload's journal writer once a record is written under its temporary name and before it replaces the journal, with the destination path (e.g. to hold the record until the file is finished).</summary>
        public Action<string> JournalRecordWritten { get; set; }

        /// <summary>Behave as with an SSH.NET whose internals are not found, so the public-API transfer paths run.</summary>
        public bool PublicApiOnly { get; set; }

        /// <summary>The user ~/.ssh/config and the default keys are found for (home, names, environment); null: this process's user.</summary>
        public SshConfig.SshConfigEnvironment SshConfigEnvironment { get; set; }

        /// <summary>Where SSH agents are looked for (SSH_AUTH_SOCK, the Windows pipes); null: this process's environment.</summary>
        public Agents.AgentLocator AgentLocator { get; set; }
    }
}
