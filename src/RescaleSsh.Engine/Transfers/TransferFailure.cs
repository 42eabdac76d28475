using System;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// What a failure while copying means for the file (via the one <see cref="FailureTranslator"/>), told in the
    /// user's words: names from the device have their control characters made visible (<see cref="DisplayText"/>;
    /// the error's target keeps the true name), and the internal temporary name never shows: the file it stands for does.
    /// </summary>
    internal static class TransferFailure
    {
        private static readonly char[] Separators = { '/', '\\' };

        private const string AfterCut =
            "Nothing was written under the final name; rerun with -Resume to continue from the bytes already transferred.";

        /// <param name="partialPath">The temporary file the failure may name; the message names <paramref name="finalPath"/> instead.</param>
        public static RescaleSshException Translate(Exception exception, string target, string action, string partialPath = null, string finalPath = null)
        {
            var translated = FailureTranslator.Translate(exception, DisplayText.Visible(target), action,
                writing: action != "read" && action != "list the folder", afterConnectionLoss: AfterCut, target: target);
            string message = translated.Message;
            if (!string.IsNullOrEmpty(partialPath) && finalPath != null)
            {
                message = message.Replace(partialPath, finalPath)
                    .Replace(LeafOf(partialPath), LeafOf(finalPath));
            }
            message = DisplayText.Visible(message);
            return message == translated.Message ? translated
                : new RescaleSshException(translated.ErrorId, translated.Category, message, translated.Target, translated.InnerException);
        }

        /// <summary>The same failure with its message's control characters made visible (e.g. a device's stderr quoted in it).</summary>
        public static RescaleSshException Visible(RescaleSshException failure)
        {
            string message = DisplayText.Visible(failure.Message);
            return message == failure.Message ? failure
                : new RescaleSshException(failure.ErrorId, failure.Category, message, failure.Target, failure.InnerException);
        }

        private static string LeafOf(string path)
        {
            int slash = path.LastIndexOfAny(Separators);
            return slash < 0 ? path : path.Substring(slash + 1);
        }
    }
}
