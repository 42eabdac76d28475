using System;
using System.Globalization;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// The file being downloaded is not the size it was when the copy was planned: the device sent more than that
    /// (or more than a read asked for), or the file ended early. The copy stops before writing anything past the
    /// expected length; <see cref="TransferJob"/> reports it as SourceChanged naming the file.
    /// </summary>
    internal sealed class SourceChangedException : Exception
    {
        public SourceChangedException(string message)
            : base(message)
        {
        }

        public static SourceChangedException Grew(long expected) =>
            new SourceChangedException(string.Format(CultureInfo.InvariantCulture,
                "it was {0} bytes when the copy was planned and the device sent more", expected));

        public static SourceChangedException EndedAt(long position, long expected) =>
            new SourceChangedException(string.Format(CultureInfo.InvariantCulture,
                "it was {0} bytes when the copy was planned and ended at byte {1}", expected, position));

        public static SourceChangedException LongAnswer(long asked, long answered) =>
            new SourceChangedException(string.Format(CultureInfo.InvariantCulture,
                "the device answered a read of {0} bytes with {1}", asked, answered));
    }
}
