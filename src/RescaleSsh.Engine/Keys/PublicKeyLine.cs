using System;
using RescaleSsh.Wire;

namespace RescaleSsh.Keys
{
    /// <summary>
    /// The one-line OpenSSH public key form (sshd(8) AUTHORIZED_KEYS FILE FORMAT, without options):
    /// <c>&lt;type&gt; &lt;base64 blob&gt; [comment]</c>, as ssh-keygen writes to <c>.pub</c> files.
    /// </summary>
    internal static class PublicKeyLine
    {
        private static readonly char[] FieldSeparators = { ' ', '\t' };

        internal static string Format(SshKey key)
        {
            string line = key.TypeName + " " + Convert.ToBase64String(key.PublicBlob());
            string comment = SingleLine(key.Comment);
            return comment.Length == 0 ? line : line + " " + comment;
        }

        /// <summary>Parses one line (a BOM, surrounding blanks and CR are tolerated); the type word must match the blob.</summary>
        internal static SshKey Parse(string line)
        {
            if (line == null) throw new MalformedDataException("empty");
            line = line.Trim('\uFEFF', ' ', '\t', '\r', '\n');
            var parts = line.Split(FieldSeparators, 3, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2) throw new MalformedDataException("not '<type> <base64> [comment]'");
            byte[] blob;
            try
            {
                blob = Convert.FromBase64String(parts[1]);
            }
            catch (FormatException)
            {
                throw new MalformedDataException("the key data is not base64");
            }
            var key = SshKey.FromPublicBlob(blob);
            if (key.TypeName != parts[0]) throw new MalformedDataException("the type word does not match the key data");
            key.Comment = parts.Length > 2 ? parts[2].Trim() : "";
            return key;
        }

        /// <summary>Comments end at the line: CR and LF would split a .pub file or an authorized_keys entry.</summary>
        internal static string SingleLine(string comment) =>
            (comment ?? "").Replace("\r", " ").Replace("\n", " ").Trim();
    }
}
