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

        internal static ErrorRecord ErrorRecordFor(Exception exception, object target) => FailureRecords.For(exception, target);
    }
}
