using System;

namespace RescaleSsh.Transfers
{
    /// <summary>Where an SFTP request sent through <see cref="SftpCallbacks"/> gets its answer, on SSH.NET's receive thread.</summary>
    internal interface ISftpAnswer
    {
        /// <summary>True for an open, whose success is a handle: a bare OK status is then an error.</summary>
        bool WantsHandle { get; }

        /// <summary>
        /// The answer: the handle of an open, or the device's error (SSH.NET's exception for its status), or neither for OK.
        /// Runs on SSH.NET's receive thread: it must only hand the answer on, never send or wait.
        /// </summary>
        void Answered(byte[] handle, Exception error);
    }
}
