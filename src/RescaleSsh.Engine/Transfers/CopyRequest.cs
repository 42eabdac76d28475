using System;
using System.Collections.Generic;

namespace RescaleSsh.Transfers
{
    /// <summary>What one Copy-RescaleItem call asks for, resolved by the cmdlet: local paths are file system paths already.</summary>
    internal sealed class CopyRequest
    {
        public TransferDirection Direction { get; set; }
        /// <summary>Upload: existing local files and folders. Download: device paths, wildcards allowed unless <see cref="Wildcards"/> is literal.</summary>
        public IReadOnlyList<string> Sources { get; set; } = Array.Empty<string>();
        /// <summary>Upload: a device path. Download: a local file system path.</summary>
        public string Destination { get; set; }
        /// <summary>The destination was written with a trailing '/' (or '\' locally): it names a folder, created when missing.</summary>
        public bool DestinationIsFolder { get; set; }
        public bool Recurse { get; set; }
        /// <summary>Leaf-name predicates from -Include / -Exclude; null when not given.</summary>
        public Func<string, bool> Include { get; set; }
        public Func<string, bool> Exclude { get; set; }
        public TransferOptions Options { get; set; } = new TransferOptions();
        public IWildcardSyntax Wildcards { get; set; }
        /// <summary>-MaxEntries: the most files and folders the plan may look at (<see cref="PlanBudget"/>).</summary>
        public int MaxEntries { get; set; } = PlanBudget.DefaultMaxEntries;
        /// <summary>The most small files in flight the user allows (-ThrottleLimit when given); 0: chosen from the round trip alone.</summary>
        public int MostFilesInFlight { get; set; }
        /// <summary>False under -WhatIf: files -Update skips are told in -Verbose only, no Skipped result is written.</summary>
        public bool ReportSkipped { get; set; } = true;
    }
}
