using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace RescaleSsh.Commands
{
    /// <summary>
    /// Runs work items on worker threads, at most ThrottleLimit at once, while everything that touches
    /// PowerShell (WriteObject, WriteError, WriteProgress, ShouldProcess ...) runs on the pipeline thread:
    /// workers post those calls here and the pipeline thread executes them in Pump/Drain. A cmdlet that
    /// writes from another thread corrupts or crashes the host (Posh-SSH #317).
    /// </summary>
    internal sealed class ConcurrentPipeline : IWorkQueue, IDisposable
    {
        private readonly BlockingCollection<Action> _toPipeline = new BlockingCollection<Action>();
        private readonly SemaphoreSlim _slots;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly int _pipelineThreadId = Environment.CurrentManagedThreadId;
        private readonly ThreadPoolFloor.Lease _threads;
        private int _running;
        private volatile bool _stopping;

        public ConcurrentPipeline(int throttleLimit)
        {
            _slots = new SemaphoreSlim(Math.Max(1, throttleLimit));
            _threads = ThreadPoolFloor.Raise(2 * throttleLimit + Environment.ProcessorCount);
        }

        public CancellationToken Cancellation => _stop.Token;

        /// <summary>True from the moment Stop is called, before the cancellation callbacks have run.</summary>
        private bool Stopping => _stopping || _stop.IsCancellationRequested;

        /// <summary>Starts <paramref name="work"/> as soon as a slot is free, running posted calls meanwhile. Call on the pipeline thread.</summary>
        public void Start(Action<CancellationToken> work, Action<Exception> onFailure)
        {
            while (!_slots.Wait(0))
            {
                if (Stopping) return;
                PumpOne(TimeSpan.FromMilliseconds(50));
            }
            Interlocked.Increment(ref _running);
            Task.Run(() =>
            {
                try
                {
                    work(_stop.Token);
                }
                catch (Exception ex) when (!(ex is OperationCanceledException && _stop.IsCancellationRequested))
                {
                    Post(() => onFailure(ex));
                }
                catch (OperationCanceledException)
                {
                    // Stopped by Ctrl+C: nothing more to report.
                }
                finally
                {
                    Interlocked.Decrement(ref _running);
                    _slots.Release();
                    Post(() => { });
                }
            });
        }

        /// <summary>Queues a call for the pipeline thread. Safe from any thread.</summary>
        public void Post(Action action)
        {
            if (!_toPipeline.IsAddingCompleted)
            {
                try { _toPipeline.Add(action); } catch (InvalidOperationException) { /* completed meanwhile: nobody listens */ }
            }
        }

        /// <summary>Runs <paramref name="call"/> on the pipeline thread and waits for its answer (e.g. ShouldProcess).</summary>
        public T Invoke<T>(Func<T> call)
        {
            if (Environment.CurrentManagedThreadId == _pipelineThreadId) return call();
            var answer = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            Post(() =>
            {
                try { answer.TrySetResult(call()); }
                catch (Exception ex) { answer.TrySetException(ex); }
            });
            using (_stop.Token.Register(() => answer.TrySetCanceled()))
            {
                return answer.Task.GetAwaiter().GetResult();
            }
        }

        /// <summary>Runs the calls posted so far without waiting for more.</summary>
        public void Pump()
        {
            while (_toPipeline.TryTake(out var action)) action();
        }

        /// <summary>Runs posted calls until every started work item has finished, or until Stop.</summary>
        public void Drain()
        {
            while (!Stopping && (Volatile.Read(ref _running) > 0 || _toPipeline.Count > 0))
            {
                PumpOne(TimeSpan.FromMilliseconds(100));
            }
            // Ctrl+C cancels the token on a thread of its own (Stop): the caller tears connections down next, and a worker
            // that saw its connection close before the token did took it for a failure and dropped the partial file -Resume
            // needs (a CI run). Cancel() marks the token first thing, so this waits a thread start at most.
            if (_stopping) SpinWait.SpinUntil(() => _stop.IsCancellationRequested, 1000);
        }

        private void PumpOne(TimeSpan wait)
        {
            try
            {
                if (_toPipeline.TryTake(out var action, (int)wait.TotalMilliseconds, _stop.Token)) action();
            }
            catch (OperationCanceledException)
            {
                // Stop: the caller returns.
            }
        }

        /// <summary>
        /// Ctrl+C: releases the pipeline thread at once and cancels every work item. The cancellation callbacks run
        /// on a thread of their own: SSH.NET's can block while a stalled link keeps its send window full, and Stop
        /// must not. Not on a pool thread: the pool may be starved by the very workers being stopped (each blocks one
        /// while it connects), which delayed Ctrl+C until the connect timeout.
        /// </summary>
        public void Stop()
        {
            _stopping = true;
            Post(() => { }); // wake the pipeline thread if it waits in PumpOne
            new Thread(() => _stop.Cancel()) { IsBackground = true, Name = "RescaleSsh stop" }.Start();
        }

        public void Dispose()
        {
            if (!_stop.IsCancellationRequested) Task.Run(() => _stop.Cancel());
            _toPipeline.CompleteAdding();
            _threads.Dispose();
        }
    }
}
