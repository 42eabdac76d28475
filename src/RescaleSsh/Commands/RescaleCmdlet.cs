using System;
using System.Management.Automation;

namespace RescaleSsh.Commands
{
    /// <summary>Base of every RescaleSsh cmdlet: turns service failures into ErrorRecords with stable ids.</summary>
    public abstract class RescaleCmdlet : PSCmdlet
    {
        /// <summary>A non-terminating error for one item; the cmdlet goes on with the rest.</summary>
        protected void WriteFailure(Exception exception, object target)
        {
            WriteError(ErrorRecordFor(exception, target));
        }

        /// <summary>A terminating error: nothing else in this call can succeed.</summary>
        protected void ThrowFailure(Exception exception, object target)
        {
            ThrowTerminatingError(ErrorRecordFor(exception, target));
        }

        internal static ErrorRecord ErrorRecordFor(Exception exception, object target)
        {
            switch (exception)
            {
                case RescaleSshException known:
                    return known.ToErrorRecord(target);
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
    }
}
