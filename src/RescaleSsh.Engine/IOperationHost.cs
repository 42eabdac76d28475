using System;

namespace RescaleSsh
{
    /// <summary>
    /// What an engine operation reports to the command that runs it. The module implements it on the pipeline
    /// thread (calls from worker threads are marshalled there), so the engine never touches PowerShell and never
    /// writes from the wrong thread.
    /// </summary>
    internal interface IOperationHost
    {
        void WriteObject(object value);

        /// <summary>A non-terminating failure of one item; <paramref name="target"/> is what failed (a device, a file).</summary>
        void WriteError(Exception error, object target);

        void WriteWarning(string message);

        void WriteVerbose(string message);

        /// <summary>Asks (-WhatIf/-Confirm) whether <paramref name="action"/> may be done to <paramref name="target"/>.</summary>
        bool ShouldProcess(string target, string action);
    }
}
