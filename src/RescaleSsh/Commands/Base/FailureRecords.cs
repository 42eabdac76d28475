using System;
using System.Management.Automation;

namespace RescaleSsh.Commands
{
    /// <summary>
    /// The one place where engine failures become PowerShell ErrorRecords: a <see cref="RescaleSshException"/> keeps
    /// its id and target, and its <see cref="FailureCategory"/> becomes the ErrorCategory of the same name.
    /// </summary>
    internal static class FailureRecords
    {
        internal static ErrorRecord For(Exception exception, object target)
        {
            switch (exception)
            {
                case RescaleSshException known:
                    return new ErrorRecord(known, known.ErrorId, Map(known.Category), known.Target ?? target);
                case PipelineStoppedException _:
                    throw exception;
                case OperationCanceledException _:
                    return new ErrorRecord(exception, "OperationStopped", ErrorCategory.OperationStopped, target);
                case UnauthorizedAccessException _:
                    return new ErrorRecord(exception, "AccessDenied", ErrorCategory.PermissionDenied, target);
                case System.IO.IOException _:
                    return new ErrorRecord(exception, "IOError", ErrorCategory.WriteError, target);
                default:
                    return new ErrorRecord(exception, "UnexpectedError", ErrorCategory.NotSpecified, target);
            }
        }

        /// <summary>Every FailureCategory has an ErrorCategory of the same name (a test holds that).</summary>
        internal static ErrorCategory Map(FailureCategory category) =>
            (ErrorCategory)Enum.Parse(typeof(ErrorCategory), category.ToString());
    }
}
