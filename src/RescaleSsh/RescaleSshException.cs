using System;
using System.Management.Automation;

namespace RescaleSsh
{
    /// <summary>
    /// A failure a user can meet, carrying what the cmdlets need to report it: a stable error id
    /// (the first part of FullyQualifiedErrorId), the ErrorCategory, and the device or file it is about.
    /// The message says what happened and what to do; it never holds key material or passphrases.
    /// </summary>
    public class RescaleSshException : Exception
    {
        public string ErrorId { get; }
        public ErrorCategory Category { get; }
        public object Target { get; }

        public RescaleSshException(string errorId, ErrorCategory category, string message, object target = null, Exception inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            Category = category;
            Target = target;
        }

        public ErrorRecord ToErrorRecord(object fallbackTarget = null) =>
            new ErrorRecord(this, ErrorId, Category, Target ?? fallbackTarget);
    }
}
