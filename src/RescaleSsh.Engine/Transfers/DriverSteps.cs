using System;
using System.Collections.Generic;
using System.Threading;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// Steps posted from any thread (SSH.NET's receive thread above all) for one driver thread to run in order. The driver
    /// takes everything posted at once, so a busy driver is never woken per step. After <see cref="End"/> a late step
    /// (an answer that comes after Ctrl+C) is dropped.
    /// </summary>
    internal sealed class DriverSteps
    {
        private readonly object _gate = new object();
        private Queue<Action> _posted = new Queue<Action>();
        private Queue<Action> _taken = new Queue<Action>();
        private bool _ended, _driverWaiting;

        public void Post(Action step)
        {
            lock (_gate)
            {
                if (_ended) return;
                _posted.Enqueue(step);
                if (_driverWaiting) Monitor.Pulse(_gate);
            }
        }

        /// <summary>Runs every step posted so far, waiting up to <paramref name="patience"/> for one; false when none came.</summary>
        public bool RunPosted(TimeSpan patience)
        {
            lock (_gate)
            {
                if (_posted.Count == 0)
                {
                    _driverWaiting = true;
                    Monitor.Wait(_gate, patience);
                    _driverWaiting = false;
                    if (_posted.Count == 0) return false;
                }
                var swap = _taken;
                _taken = _posted;
                _posted = swap;
            }
            while (_taken.Count > 0) _taken.Dequeue()();
            return true;
        }

        public void End()
        {
            lock (_gate) _ended = true;
        }
    }
}
