using System;
using System.Text.RegularExpressions;
using System.Threading;
using RescaleSsh.Connections;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// SHA-256 of a file on the device, computed there by coreutils' sha256sum or Perl's shasum over an exec
    /// channel, so nothing is read back. The path is single-quoted and follows "--", so spaces, quotes,
    /// $, backticks and leading dashes reach the tool as one literal argument.
    /// </summary>
    internal static class RemoteHasher
    {
        private const int NoTool = 127;
        private static readonly Regex Digest = new Regex("^\\\\?([0-9a-fA-F]{64})[ \\t]", RegexOptions.CultureInvariant);

        public static string CommandFor(string remotePath)
        {
            string quoted = RemotePath.QuoteForShell(remotePath);
            return "if command -v sha256sum >/dev/null 2>&1; then sha256sum -b -- " + quoted +
                   "; elif command -v shasum >/dev/null 2>&1; then shasum -a 256 -b -- " + quoted +
                   "; else echo 'neither sha256sum nor shasum is installed' >&2; exit " + NoTool + "; fi";
        }

        /// <summary>The device's SHA-256 of <paramref name="remotePath"/>; failures name <paramref name="display"/> and carry <paramref name="target"/>.</summary>
        public static string Sha256(DeviceConnection connection, string remotePath, string display, object target, CancellationToken cancellation)
        {
            var result = connection.Run(CommandFor(remotePath), CommandLimits.Digest, cancellation);
            if (result.ExitStatus == NoTool)
            {
                throw new RescaleSshException("RemoteHashUnavailable", FailureCategory.NotInstalled,
                    $"-Verify cannot check '{display}': the device has neither sha256sum nor shasum. Install coreutils (or Perl's shasum) on it, or copy without -Verify.",
                    target);
            }
            var match = Digest.Match(result.Output ?? "");
            if (result.ExitStatus != 0 || !match.Success)
            {
                string why = (result.Error ?? "").Trim();
                throw new RescaleSshException("RemoteHashFailed", FailureCategory.ReadError,
                    $"-Verify could not compute the SHA-256 of '{display}' on the device (exit {result.ExitStatus}{(why.Length > 0 ? ": " + why : "")}).",
                    target);
            }
            return match.Groups[1].Value.ToLowerInvariant();
        }
    }
}
