using System;

namespace RescaleSsh
{
    /// <summary>
    /// A failure a user can meet, carrying what the cmdlets need to report it: a stable error id (the first part
    /// of FullyQualifiedErrorId), its <see cref="FailureCategory"/> (mapped to PowerShell's ErrorCategory by the
    /// module), and the device or file it is about. The message says what happened and what to do; it never holds
    /// key material or passphrases.
    /// </summary>
    public class RescaleSshException : Exception
    {
        public string ErrorId { get; }
        public FailureCategory Category { get; }
        public object Target { get; }

        public RescaleSshException(string errorId, FailureCategory category, string message, object target = null, Exception inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            Category = category;
            Target = target;
        }
    }
}
