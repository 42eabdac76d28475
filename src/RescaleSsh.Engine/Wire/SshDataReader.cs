using System;
using System.Text;

namespace RescaleSsh.Wire
{
    /// <summary>
    /// Reads RFC 4251 data types from untrusted bytes. Every length is checked against what is left,
    /// so a truncated or corrupted file ends in <see cref="MalformedDataException"/>, never an overrun.
    /// </summary>
    internal sealed class SshDataReader
    {
        private readonly byte[] _data;
        private readonly int _end;
        private int _position;

        internal SshDataReader(byte[] data) : this(data, 0, data.Length) { }

        internal SshDataReader(byte[] data, int offset, int count)
        {
            _data = data;
            _position = offset;
            _end = offset + count;
        }

        internal int Remaining => _end - _position;
        internal int Position => _position;

        internal byte ReadByte()
        {
            Need(1);
            return _data[_position++];
        }

        internal uint ReadUInt32()
        {
            Need(4);
            uint value = (uint)(_data[_position] << 24 | _data[_position + 1] << 16 | _data[_position + 2] << 8 | _data[_position + 3]);
            _position += 4;
            return value;
        }

        internal byte[] ReadRaw(int count)
        {
            if (count < 0) throw new MalformedDataException("negative length");
            Need(count);
            var result = new byte[count];
            Buffer.BlockCopy(_data, _position, result, 0, count);
            _position += count;
            return result;
        }

        internal byte[] ReadString()
        {
            uint length = ReadUInt32();
            if (length > (uint)Remaining) throw new MalformedDataException("a length runs past the end of the data");
            return ReadRaw((int)length);
        }

        internal string ReadText()
        {
            var bytes = ReadString();
            try
            {
                return new UTF8Encoding(false, true).GetString(bytes);
            }
            catch (ArgumentException)
            {
                throw new MalformedDataException("text is not UTF-8");
            }
        }

        /// <summary>An mpint as an unsigned big-endian magnitude without leading zeros; negative values are refused.</summary>
        internal byte[] ReadMpint()
        {
            var raw = ReadString();
            if (raw.Length > 0 && (raw[0] & 0x80) != 0) throw new MalformedDataException("negative mpint");
            int start = 0;
            while (start < raw.Length && raw[start] == 0) start++;
            if (start == 0) return raw;
            var result = new byte[raw.Length - start];
            Buffer.BlockCopy(raw, start, result, 0, result.Length);
            Array.Clear(raw, 0, raw.Length);
            return result;
        }

        private void Need(int count)
        {
            if (count > _end - _position) throw new MalformedDataException("the data ends too early");
        }
    }
}
