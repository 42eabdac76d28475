using System;

namespace RescaleSsh.Transfers
{
    /// <summary>What a failure while copying means for the file (via the one <see cref="FailureTranslator"/>).</summary>
    internal static class TransferFailure
    {
        private const string AfterCut =
            "Nothing was written under the final name; rerun with -Resume to continue from the bytes already transferred.";

        public static RescaleSshException Translate(Exception exception, string target, string action) =>
            FailureTranslator.Translate(exception, target, action, writing: action != "read" && action != "list the folder", afterConnectionLoss: AfterCut);
    }
}
