using System;

namespace RescaleSsh.Keys
{
    /// <summary>
    /// Internal signal from the parsers that bytes do not follow their format; the readers turn it into
    /// a KeyFileInvalid <see cref="RescaleSshException"/> naming the file. The message names the defect, never data.
    /// </summary>
    internal sealed class KeyFileFormatException : Exception
    {
        internal KeyFileFormatException(string defect) : base(defect) { }
    }
}
