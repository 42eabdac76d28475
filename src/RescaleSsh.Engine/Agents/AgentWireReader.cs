using System;
using System.Text;

namespace RescaleSsh.Agents
{
    /// <summary>
    /// Reads the SSH wire types (RFC 4251 section 5: byte, uint32, string) from one agent message, checking every
    /// length against what is left, so that a malformed message is a <see cref="FormatException"/> and never an
    /// out-of-range read or an oversized allocation.
    /// </summary>
    internal sealed class AgentWireReader
    {
        private readonly byte[] _data;
        private int _position;

        internal AgentWireReader(byte[] data)
        {
            _data = data ?? throw new ArgumentNullException(nameof(data));
        }

        internal int Remaining => _data.Length - _position;

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

        internal byte[] ReadString()
        {
            uint length = ReadUInt32();
            if (length > (uint)Remaining) throw new FormatException($"a string of {length} bytes where {Remaining} remain");
            var value = new byte[length];
            Buffer.BlockCopy(_data, _position, value, 0, (int)length);
            _position += (int)length;
            return value;
        }

        /// <summary>A string holding text; invalid UTF-8 becomes U+FFFD rather than failing (comments are free text).</summary>
        internal string ReadText() => Encoding.UTF8.GetString(ReadString());

        private void Need(int count)
        {
            if (count > Remaining) throw new FormatException($"the message ends {count - Remaining} byte(s) early");
        }
    }
}
