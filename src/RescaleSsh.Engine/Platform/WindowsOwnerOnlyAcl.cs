using System;
using System.Text.RegularExpressions;

namespace RescaleSsh.Platform
{
    /// <summary>
    /// The security descriptor a private key file gets on Windows, in SDDL: owned by the current user, and a
    /// protected DACL ("P": inheritance from the folder removed) with a single ACE allowing that user full
    /// control ("FA"). Nobody else — not Administrators, not SYSTEM — is granted anything, which is what
    /// OpenSSH for Windows demands of a private key ("UNPROTECTED PRIVATE KEY FILE" otherwise).
    /// </summary>
    internal static class WindowsOwnerOnlyAcl
    {
        private static readonly Regex SidPattern = new Regex(@"^S-1-[0-9]+(-[0-9]+){1,15}$", RegexOptions.CultureInvariant);

        internal static string BuildSddl(string userSid)
        {
            if (userSid == null || !SidPattern.IsMatch(userSid)) throw new ArgumentException("not a SID in string form", nameof(userSid));
            return "O:" + userSid + "D:P(A;;FA;;;" + userSid + ")";
        }
    }
}
