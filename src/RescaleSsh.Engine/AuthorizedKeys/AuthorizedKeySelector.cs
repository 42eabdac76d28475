using System;
using System.Collections.Generic;
using System.Linq;
using RescaleSsh.Connections;

namespace RescaleSsh.AuthorizedKeys
{
    /// <summary>
    /// Which keys -Fingerprint, -PublicKey and -Comment name. Fingerprints and public keys identify keys; a
    /// comment pattern is used only when neither is given (so piping Get-RescaleAuthorizedKey output, which
    /// carries all three, selects exactly the key it describes). Fingerprints match exactly unless they hold
    /// wildcards; comments are wildcard patterns, case-insensitive.
    /// </summary>
    internal sealed class AuthorizedKeySelector
    {
        private readonly List<(string Text, Func<string, bool> Matches)> _fingerprints;
        private readonly List<(string Text, Func<string, bool> Matches)> _comments = new List<(string, Func<string, bool>)>();
        private readonly List<AuthorizedKeyLine> _keys;

        public AuthorizedKeySelector(IReadOnlyList<string> fingerprints, IReadOnlyList<AuthorizedKeyLine> keys, IReadOnlyList<string> comments, IWildcardSyntax wildcards)
        {
            _fingerprints = FingerprintMatchers(fingerprints, wildcards);
            _keys = keys?.ToList() ?? new List<AuthorizedKeyLine>();
            if (_fingerprints.Count == 0 && _keys.Count == 0) _comments = CommentMatchers(comments, wildcards);
        }

        public bool IsEmpty => _fingerprints.Count == 0 && _keys.Count == 0 && _comments.Count == 0;

        public bool Matches(SshPublicKey key) =>
            _fingerprints.Any(f => f.Matches(key.Fingerprint)) ||
            _keys.Any(k => k.Key.Equals(key)) ||
            _comments.Any(c => c.Matches(key.Comment));

        /// <summary>Get-RescaleAuthorizedKey's filters: every given filter must match (a key passes when none is given).</summary>
        public static Func<SshPublicKey, bool> Filter(IReadOnlyList<string> fingerprints, IReadOnlyList<string> comments, IWildcardSyntax wildcards)
        {
            var byFingerprint = FingerprintMatchers(fingerprints, wildcards);
            var byComment = CommentMatchers(comments, wildcards);
            return key => (byFingerprint.Count == 0 || byFingerprint.Any(f => f.Matches(key.Fingerprint))) &&
                          (byComment.Count == 0 || byComment.Any(c => c.Matches(key.Comment)));
        }

        /// <summary>A result for every selector that matched none of <paramref name="present"/>.</summary>
        public IEnumerable<AuthorizedKeyResult> Unmatched(IReadOnlyCollection<SshPublicKey> present, Func<AuthorizedKeyResult> newResult)
        {
            foreach (var f in _fingerprints.Where(f => !present.Any(k => f.Matches(k.Fingerprint))))
            {
                var r = newResult();
                r.Fingerprint = f.Text;
                yield return r;
            }
            foreach (var k in _keys.Where(k => !present.Any(p => p.Equals(k.Key))))
            {
                var r = newResult();
                r.Fingerprint = k.Key.Fingerprint;
                r.Comment = k.Key.Comment;
                r.Algorithm = k.Key.Algorithm;
                yield return r;
            }
            foreach (var c in _comments.Where(c => !present.Any(k => c.Matches(k.Comment))))
            {
                var r = newResult();
                r.Comment = c.Text;
                yield return r;
            }
        }

        private static List<(string Text, Func<string, bool> Matches)> FingerprintMatchers(IReadOnlyList<string> fingerprints, IWildcardSyntax wildcards) =>
            (fingerprints ?? Array.Empty<string>()).Where(f => !string.IsNullOrWhiteSpace(f)).Select(f => f.Trim())
                .Select(f => (f, wildcards.HasWildcards(f) ? wildcards.Compile(f, ignoreCase: false) : fingerprint => HostKeyPin.Matches(f, fingerprint)))
                .ToList();

        private static List<(string Text, Func<string, bool> Matches)> CommentMatchers(IReadOnlyList<string> comments, IWildcardSyntax wildcards) =>
            (comments ?? Array.Empty<string>()).Where(c => c != null).Select(c => (c, wildcards.Compile(c, ignoreCase: true))).ToList();
    }
}
