using System;
using System.Text;

namespace RescaleSsh.Connections
{
    /// <summary>
    /// One output stream of a remote command, kept up to a byte cap (the rest is refused, and the caller stops
    /// reading), decoded as UTF-8. With a line callback, complete lines are handed out as they arrive (CR LF or LF
    /// ends a line) and nothing is kept: the caller writes them, so a long-running command holds no memory.
    /// </summary>
    internal sealed class BoundedCapture
    {
        private readonly int _limit;
        private readonly Action<string> _onLine;
        private byte[] _kept = new byte[256];
        private int _keptLength;
        private readonly Decoder _decoder = new UTF8Encoding(false, false).GetDecoder();
        private readonly StringBuilder _line = new StringBuilder();
        private long _seen;

        public BoundedCapture(int limit, Action<string> onLine)
        {
            _limit = limit;
            _onLine = onLine;
        }

        /// <summary>True once more bytes arrived than the cap allows.</summary>
        public bool Truncated { get; private set; }

        /// <summary>Takes <paramref name="count"/> bytes; false once the cap is passed (only the part under the cap is kept).</summary>
        public bool Add(byte[] data, int count)
        {
            long room = _limit - _seen;
            int take = (int)Math.Min(room, count);
            _seen += count;
            if (take > 0)
            {
                if (_onLine == null) Keep(data, take);
                else Split(data, take, flush: false);
            }
            if (_seen > _limit) Truncated = true;
            return !Truncated;
        }

        /// <summary>The kept text; with a line callback, hands out the last unterminated line and returns "".</summary>
        public string Finish()
        {
            if (_onLine == null) return Encoding.UTF8.GetString(_kept, 0, _keptLength);
            Split(Array.Empty<byte>(), 0, flush: true);
            if (_line.Length > 0) Emit();
            return "";
        }

        private void Keep(byte[] data, int count)
        {
            if (_keptLength + count > _kept.Length) Array.Resize(ref _kept, Math.Max(_keptLength + count, Math.Min(_limit, _kept.Length * 2)));
            Buffer.BlockCopy(data, 0, _kept, _keptLength, count);
            _keptLength += count;
        }

        private void Split(byte[] data, int count, bool flush)
        {
            var chars = new char[_decoder.GetCharCount(data, 0, count, flush)];
            int n = _decoder.GetChars(data, 0, count, chars, 0, flush);
            for (int i = 0; i < n; i++)
            {
                if (chars[i] == '\n') Emit();
                else _line.Append(chars[i]);
            }
        }

        private void Emit()
        {
            if (_line.Length > 0 && _line[_line.Length - 1] == '\r') _line.Length--;
            string text = _line.ToString();
            _line.Clear();
            _onLine(text);
        }
    }
}
