using System;
using System.Management.Automation;

namespace RescaleSsh.Commands
{
    /// <summary>
    /// The one place where failures become PowerShell ErrorRecords: a <see cref="RescaleSshException"/> keeps its id
    /// and target, and its <see cref="FailureCategory"/> becomes the ErrorCategory of the same name. Every cmdlet
    /// reports through <see cref="WriteFailure"/> (one item; the cmdlet goes on) or <see cref="ThrowFailure"/>
    /// (nothing else in the call can succeed).
    /// </summary>
    internal static class FailureRecords
    {
        internal static void WriteFailure(this Cmdlet cmdlet, Exception exception, object target) =>
            cmdlet.WriteError(For(exception, target));

        internal static void ThrowFailure(this Cmdlet cmdlet, Exception exception, object target) =>
            cmdlet.ThrowTerminatingError(For(exception, target));

        /// <summary>Runs <paramref name="step"/>; a RescaleSshException from it ends the call with that error.</summary>
        internal static T OrThrowFailure<T>(this Cmdlet cmdlet, Func<T> step)
        {
            try
            {
                return step();
            }
            catch (RescaleSshException ex)
            {
                cmdlet.ThrowFailure(ex, ex.Target);
                throw;
            }
        }

        /// <summary>Runs <paramref name="step"/>; a RescaleSshException from it ends the call with that error.</summary>
        internal static void OrThrowFailure(this Cmdlet cmdlet, Action step) => cmdlet.OrThrowFailure(() => { step(); return true; });

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
                default:
                    var translated = FailureTranslator.Translate(exception, target?.ToString() ?? "", "complete the operation", writing: true, target: target);
                    return new ErrorRecord(translated, translated.ErrorId, Map(translated.Category), translated.Target);
            }
        }

        /// <summary>Every FailureCategory has an ErrorCategory of the same name (a test holds that).</summary>
        internal static ErrorCategory Map(FailureCategory category) =>
            (ErrorCategory)Enum.Parse(typeof(ErrorCategory), category.ToString());
    }
}
