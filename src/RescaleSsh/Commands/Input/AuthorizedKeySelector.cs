using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using RescaleSsh.AuthorizedKeys;
using RescaleSsh.Connections;

namespace RescaleSsh.Commands
{
    /// <summary>
    /// Which keys -Fingerprint, -PublicKey and -Comment name. Fingerprints and public keys identify keys; a
    /// comment pattern is used only when neither is given (so piping Get-RescaleAuthorizedKey output, which
    /// carries all three, selects exactly the key it describes).
    /// </summary>
    internal sealed class AuthorizedKeySelector
    {
        private readonly List<(string Text, WildcardPattern Pattern)> _fingerprints = new List<(string, WildcardPattern)>();
        private readonly List<(string Text, WildcardPattern Pattern)> _comments = new List<(string, WildcardPattern)>();
        private readonly List<AuthorizedKeyLine> _keys;

        public AuthorizedKeySelector(string[] fingerprints, List<AuthorizedKeyLine> keys, string[] comments)
        {
            foreach (var f in (fingerprints ?? Array.Empty<string>()).Where(f => !string.IsNullOrWhiteSpace(f)))
            {
                string text = f.Trim();
                _fingerprints.Add((text, WildcardPattern.ContainsWildcardCharacters(text) ? new WildcardPattern(text, WildcardOptions.None) : null));
            }
            _keys = keys ?? new List<AuthorizedKeyLine>();
            if (_fingerprints.Count == 0 && _keys.Count == 0)
            {
                foreach (var c in (comments ?? Array.Empty<string>()).Where(c => c != null))
                {
                    _comments.Add((c, new WildcardPattern(c, WildcardOptions.IgnoreCase)));
                }
            }
        }

        public bool IsEmpty => _fingerprints.Count == 0 && _keys.Count == 0 && _comments.Count == 0;

        public bool Matches(SshPublicKey key) =>
            _fingerprints.Any(f => MatchesFingerprint(f, key.Fingerprint)) ||
            _keys.Any(k => k.Key.Equals(key)) ||
            _comments.Any(c => c.Pattern.IsMatch(key.Comment));

        /// <summary>A result for every selector that matched none of <paramref name="present"/>.</summary>
        public IEnumerable<AuthorizedKeyResult> Unmatched(IReadOnlyCollection<SshPublicKey> present, Func<AuthorizedKeyResult> newResult)
        {
            foreach (var f in _fingerprints.Where(f => !present.Any(k => MatchesFingerprint(f, k.Fingerprint))))
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
            foreach (var c in _comments.Where(c => !present.Any(k => c.Pattern.IsMatch(k.Comment))))
            {
                var r = newResult();
                r.Comment = c.Text;
                yield return r;
            }
        }

        private static bool MatchesFingerprint((string Text, WildcardPattern Pattern) selector, string fingerprint) =>
            selector.Pattern != null ? selector.Pattern.IsMatch(fingerprint) : HostKeyPin.Matches(selector.Text, fingerprint);

        /// <summary>Get-RescaleAuthorizedKey's filters: every given filter must match (wildcards allowed).</summary>
        public static bool Filter(SshPublicKey key, string[] fingerprints, string[] comments)
        {
            if (fingerprints != null && fingerprints.Length > 0 &&
                !fingerprints.Any(f => f != null && MatchesFingerprint((f.Trim(), WildcardPattern.ContainsWildcardCharacters(f) ? new WildcardPattern(f.Trim(), WildcardOptions.None) : null), key.Fingerprint)))
                return false;
            if (comments != null && comments.Length > 0 &&
                !comments.Any(c => c != null && new WildcardPattern(c, WildcardOptions.IgnoreCase).IsMatch(key.Comment)))
                return false;
            return true;
        }
    }
}
