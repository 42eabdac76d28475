using System;
using System.Threading.Tasks;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// A status answer (<see cref="SftpCallbacks"/>) as a task, for callers that keep many requests in flight and wait
    /// with <see cref="SftpRequests.WaitFor"/> (which notices a connection that broke: its requests are never answered).
    /// Continuations run elsewhere, never on SSH.NET's receive thread; a plain Wait is woken directly.
    /// </summary>
    internal sealed class SftpTaskAnswer : ISftpAnswer
    {
        private readonly TaskCompletionSource<bool> _done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Task => _done.Task;

        /// <summary>Sends a request through <paramref name="send"/> and returns the task of its answer.</summary>
        public static Task Of(Action<ISftpAnswer> send)
        {
            var answer = new SftpTaskAnswer();
            send(answer);
            return answer.Task;
        }

        public bool WantsHandle => false;

        public void Answered(byte[] handle, Exception error)
        {
            if (error == null) _done.TrySetResult(true);
            else _done.TrySetException(error);
        }
    }
}
