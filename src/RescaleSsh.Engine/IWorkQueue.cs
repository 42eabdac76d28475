using System;
using System.Threading;

namespace RescaleSsh
{
    /// <summary>
    /// Runs work items concurrently, at most the command's -ThrottleLimit at once; the module's worker pool implements
    /// it. <see cref="Start"/> blocks (running the host's marshalled calls) until a slot is free.
    /// </summary>
    internal interface IWorkQueue
    {
        void Start(Action<CancellationToken> work, Action<Exception> onFailure);
    }
}
