using System.Text;

namespace RescaleSsh
{
    /// <summary>
    /// Text that came from a device or a file, made safe for a message, warning, verbose line or formatted view:
    /// control characters (C0, DEL, C1) and Unicode bidirectional overrides are shown as escapes (<c>\x1B</c>,
    /// <c>\u202E</c>) instead of being sent to the terminal, where an OSC or clear-screen sequence would run.
    /// Objects keep the true text; only what is displayed goes through here.
    /// </summary>
    internal static class DisplayText
    {
        public static string Visible(string text)
        {
            if (text == null) return null;
            StringBuilder built = null;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                string escape = Escape(c);
                if (escape == null)
                {
                    built?.Append(c);
                    continue;
                }
                if (built == null) built = new StringBuilder(text, 0, i, text.Length + 16);
                built.Append(escape);
            }
            return built?.ToString() ?? text;
        }

        /// <summary><see cref="Visible"/>, cut to <paramref name="max"/> characters with an ellipsis (names, types).</summary>
        public static string Short(string text, int max = 40)
        {
            string visible = Visible(text) ?? "";
            return visible.Length > max ? visible.Substring(0, max) + "…" : visible;
        }

        private static string Escape(char c)
        {
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) return "\\x" + ((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture);
            if ((c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069') || c == '\u200e' || c == '\u200f')
            {
                return "\\u" + ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture);
            }
            return null;
        }
    }
}
