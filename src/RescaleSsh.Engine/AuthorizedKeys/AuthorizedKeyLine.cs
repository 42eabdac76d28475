namespace RescaleSsh.AuthorizedKeys
{
    /// <summary>
    /// One line of an authorized_keys file as sshd(8) reads it ("AUTHORIZED_KEYS FILE FORMAT"): blank, a
    /// # comment, or <c>[options] keytype base64 [comment]</c>. Options are comma-separated; a double-quoted
    /// value may hold spaces and commas (and \" for a quote), so they end at the first blank outside quotes.
    /// The line's original bytes are kept by <see cref="AuthorizedKeysFile"/>, never rebuilt from this.
    /// </summary>
    internal sealed class AuthorizedKeyLine
    {
        private AuthorizedKeyLine(int lineNumber, string text, AuthorizedKeyLineKind kind, string options, SshPublicKey key, string problem, int keyStart = 0)
        {
            _keyStart = keyStart;
            LineNumber = lineNumber;
            Text = text;
            Kind = kind;
            Options = options;
            Key = key;
            Problem = problem;
        }

        private readonly int _keyStart;

        public int LineNumber { get; }
        /// <summary>The line as text, without its line end.</summary>
        public string Text { get; }
        public AuthorizedKeyLineKind Kind { get; }
        /// <summary>The options before the key (e.g. <c>from="a,b",command="echo x y"</c>), or empty.</summary>
        public string Options { get; }
        public SshPublicKey Key { get; }
        /// <summary>Why a malformed line is not a key (never quoting key material).</summary>
        public string Problem { get; }

        /// <summary>The line a writer puts in authorized_keys for this key: options, a space, then the key.</summary>
        public string ToAuthorizedKeysLine() => Options.Length == 0 ? Key.ToLine() : Options + " " + Key.ToLine();

        /// <summary>This key line with its options replaced by <paramref name="options"/> (none when empty); the key and comment keep their text.</summary>
        public string WithOptions(string options)
        {
            string key = Text.Substring(_keyStart);
            return options.Length == 0 ? key : options + " " + key;
        }

        /// <summary>The options as a message shows them: quoted, or "no options".</summary>
        public static string DescribeOptions(string options) =>
            options.Length == 0 ? "no options (unrestricted)" : $"options '{DisplayText.Short(options, 200)}'";

        public static AuthorizedKeyLine Parse(int lineNumber, string text)
        {
            int start = PublicKeyParser.SkipBlanks(text, 0);
            if (start == text.Length || text.Substring(start).Trim('\r', '\n', ' ', '\t').Length == 0)
                return new AuthorizedKeyLine(lineNumber, text, AuthorizedKeyLineKind.Blank, string.Empty, null, null);
            if (text[start] == '#')
                return new AuthorizedKeyLine(lineNumber, text, AuthorizedKeyLineKind.Comment, string.Empty, null, null);

            string options = string.Empty;
            int keyStart = start;
            if (!PublicKeyParser.StartsWithKey(text, start))
            {
                int end = OptionsEnd(text, start, out string problem);
                if (problem != null) return Malformed(lineNumber, text, problem);
                options = text.Substring(start, end - start);
                keyStart = PublicKeyParser.SkipBlanks(text, end);
                if (keyStart == text.Length) return Malformed(lineNumber, text, "it holds no key");
            }
            if (!PublicKeyParser.TryParseKey(text.Substring(keyStart), out var key, out string why))
                return Malformed(lineNumber, text, why);
            return new AuthorizedKeyLine(lineNumber, text, AuthorizedKeyLineKind.Key, options, key, null, keyStart);
        }

        /// <summary>sshd's option scan: the options end at the first space or tab outside double quotes.</summary>
        private static int OptionsEnd(string text, int start, out string problem)
        {
            bool quoted = false;
            int i = start;
            for (; i < text.Length; i++)
            {
                char c = text[i];
                if (!quoted && (c == ' ' || c == '\t')) break;
                if (c == '\\' && quoted && i + 1 < text.Length && text[i + 1] == '"') { i++; continue; }
                if (c == '"') quoted = !quoted;
            }
            problem = quoted ? "a double quote in its options is not closed" : null;
            return i;
        }

        private static AuthorizedKeyLine Malformed(int lineNumber, string text, string problem) =>
            new AuthorizedKeyLine(lineNumber, text, AuthorizedKeyLineKind.Malformed, string.Empty, null, problem);
    }
}
