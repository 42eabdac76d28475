using System;

namespace RescaleSsh.Wire
{
    /// <summary>
    /// Internal signal from the SSH wire and key-format parsers that bytes do not follow their format; callers turn
    /// it into a <see cref="RescaleSshException"/> naming the file or line (KeyFileInvalid, a malformed key line...).
    /// The message names the defect, never data.
    /// </summary>
    internal sealed class MalformedDataException : Exception
    {
        internal MalformedDataException(string defect) : base(defect) { }
    }
}
