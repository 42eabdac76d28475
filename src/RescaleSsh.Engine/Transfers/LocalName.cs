using System;
using System.Linq;
using System.Runtime.InteropServices;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// Checks a name that came from the device before it becomes a local file name: a server's listing must
    /// never climb out of the destination ("..", separators), and on Windows names that Windows refuses
    /// (reserved characters, CON/NUL/COM1..., a trailing dot or space) are a clear per-file error.
    /// </summary>
    internal static class LocalName
    {
        private static readonly char[] WindowsReserved = { '<', '>', ':', '"', '/', '\\', '|', '?', '*' };
        private static readonly string[] WindowsDeviceNames =
        {
            "CON", "PRN", "AUX", "NUL",
            "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
            "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
        };

        public static bool IsWindows => RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        /// <summary>Throws InvalidLocalName when <paramref name="name"/> cannot be a file name here.</summary>
        public static void Validate(string name, bool windows)
        {
            string why = Problem(name, windows);
            if (why != null)
            {
                throw new RescaleSshException("InvalidLocalName", FailureCategory.InvalidArgument,
                    $"The name '{DisplayText.Visible(name)}' cannot be saved here: {why}. Rename it on the device, or copy it on its own to a -Destination with a valid name.",
                    name);
            }
        }

        public static string Problem(string name, bool windows)
        {
            if (string.IsNullOrEmpty(name)) return "the name is empty";
            if (name == "." || name == "..") return "'.' and '..' are not file names";
            if (name.IndexOf('/') >= 0 || name.IndexOf('\0') >= 0) return "it holds '/' or NUL";
            if (!windows) return null;
            if (name.IndexOfAny(WindowsReserved) >= 0) return "Windows does not allow < > : \" / \\ | ? * in file names";
            if (name.Any(c => c < 32)) return "Windows does not allow control characters in file names";
            if (name.EndsWith(".", StringComparison.Ordinal) || name.EndsWith(" ", StringComparison.Ordinal))
                return "Windows does not allow a file name to end with a dot or a space";
            string stem = name.Split('.')[0].TrimEnd(' ');
            if (WindowsDeviceNames.Contains(stem, StringComparer.OrdinalIgnoreCase)) return $"'{DisplayText.Visible(stem)}' is a reserved device name on Windows";
            return null;
        }
    }
}
