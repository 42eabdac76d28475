using System.Collections.Generic;
using System.Text;

namespace RescaleSsh.SshConfig
{
    /// <summary>
    /// Splits config text as OpenSSH 9 does (misc.c): <see cref="NextWord"/> is strdelim (a word ends at whitespace,
    /// a double quote or one '='; a quoted word runs to the next quote), used for the keyword and for Match
    /// criteria; <see cref="SplitArguments"/> is argv_split (single and double quotes anywhere in a word,
    /// backslash escapes of quotes, backslash and space, '#' at the start of a word ends the line).
    /// </summary>
    internal sealed class ConfigLineScanner
    {
        private const string Whitespace = " \t\r\n";
        private readonly string _text;
        private int _position;

        internal ConfigLineScanner(string text)
        {
            _text = text;
            _position = 0;
        }

        /// <summary>False once strdelim has set its pointer to NULL (nothing more, not even an empty word).</summary>
        internal bool AtNull => _position < 0;

        /// <summary>What is left after the last word, skipping leading whitespace; null when strdelim reached NULL.</summary>
        internal string Rest()
        {
            if (_position < 0) return null;
            int p = _position;
            while (p < _text.Length && Whitespace.IndexOf(_text[p]) >= 0) p++;
            return _text.Substring(p);
        }

        /// <summary>strdelim: the next word, "" at the end of the text, or null (no closing quote, or already at NULL).</summary>
        internal string NextWord()
        {
            if (_position < 0) return null;
            int start = _position;
            int stop = IndexOfAny(_text, start, Whitespace + "\"=");
            if (stop < 0)
            {
                _position = -1;
                return _text.Substring(start);
            }
            if (_text[stop] == '"')
            {
                // The opening quote is removed and the word runs to the closing quote.
                int close = _text.IndexOf('"', stop + 1);
                if (close < 0)
                {
                    _position = -1;
                    return null;
                }
                string word = _text.Substring(start, stop - start) + _text.Substring(stop + 1, close - stop - 1);
                _position = SkipWhitespace(close + 1);
                return word;
            }
            bool equals = _text[stop] == '=';
            string token = _text.Substring(start, stop - start);
            _position = SkipWhitespace(stop + 1);
            if (!equals && _position < _text.Length && _text[_position] == '=') _position = SkipWhitespace(_position + 1);
            return token;
        }

        /// <summary>argv_split with comment termination; null when a quote is not closed.</summary>
        internal static List<string> SplitArguments(string text)
        {
            var words = new List<string>();
            int i = 0;
            while (i < text.Length)
            {
                char c = text[i];
                if (c == ' ' || c == '\t')
                {
                    i++;
                    continue;
                }
                if (c == '#') break;
                var word = new StringBuilder();
                char quote = '\0';
                for (; i < text.Length; i++)
                {
                    c = text[i];
                    if (c == '\\' && i + 1 < text.Length && (text[i + 1] == '\'' || text[i + 1] == '"' || text[i + 1] == '\\' || (quote == '\0' && text[i + 1] == ' ')))
                    {
                        i++;
                        word.Append(text[i]);
                    }
                    else if (quote == '\0' && (c == ' ' || c == '\t'))
                    {
                        break;
                    }
                    else if (quote == '\0' && (c == '"' || c == '\''))
                    {
                        quote = c;
                    }
                    else if (quote != '\0' && c == quote)
                    {
                        quote = '\0';
                    }
                    else
                    {
                        word.Append(c);
                    }
                }
                if (quote != '\0') return null;
                words.Add(word.ToString());
            }
            return words;
        }

        private int SkipWhitespace(int from)
        {
            int p = from;
            while (p < _text.Length && Whitespace.IndexOf(_text[p]) >= 0) p++;
            return p;
        }

        private static int IndexOfAny(string text, int from, string characters)
        {
            for (int i = from; i < text.Length; i++)
            {
                if (characters.IndexOf(text[i]) >= 0) return i;
            }
            return -1;
        }
    }
}
