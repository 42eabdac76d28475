using System;
using System.IO;
using System.Text;

namespace RescaleSsh.Wire
{
    /// <summary>
    /// Writes the SSH wire data types of RFC 4251 section 5 (uint32, string, mpint) that every key
    /// format here is built from. <see cref="ToArrayAndClear"/> hands the bytes over and zeroes the buffer,
    /// because these buffers hold private key material.
    /// </summary>
    internal sealed class SshDataWriter
    {
        private byte[] _buffer = new byte[256];
        private int _length;

        internal int Length => _length;

        internal void WriteByte(byte value)
        {
            Ensure(1);
            _buffer[_length++] = value;
        }

        internal void WriteRaw(byte[] data) => WriteRaw(data, 0, data.Length);

        internal void WriteRaw(byte[] data, int offset, int count)
        {
            Ensure(count);
            Buffer.BlockCopy(data, offset, _buffer, _length, count);
            _length += count;
        }

        internal void WriteUInt32(uint value)
        {
            Ensure(4);
            _buffer[_length++] = (byte)(value >> 24);
            _buffer[_length++] = (byte)(value >> 16);
            _buffer[_length++] = (byte)(value >> 8);
            _buffer[_length++] = (byte)value;
        }

        internal void WriteString(byte[] data)
        {
            WriteUInt32((uint)data.Length);
            WriteRaw(data);
        }

        internal void WriteString(string text) => WriteString(Encoding.UTF8.GetBytes(text ?? ""));

        /// <summary>An mpint from an unsigned big-endian magnitude: leading zeros dropped, a zero byte added when the top bit is set.</summary>
        internal void WriteMpint(byte[] unsignedBigEndian)
        {
            int start = 0;
            while (start < unsignedBigEndian.Length && unsignedBigEndian[start] == 0) start++;
            int count = unsignedBigEndian.Length - start;
            bool pad = count > 0 && (unsignedBigEndian[start] & 0x80) != 0;
            WriteUInt32((uint)(count + (pad ? 1 : 0)));
            if (pad) WriteByte(0);
            WriteRaw(unsignedBigEndian, start, count);
        }

        internal byte[] ToArray()
        {
            var result = new byte[_length];
            Buffer.BlockCopy(_buffer, 0, result, 0, _length);
            return result;
        }

        internal byte[] ToArrayAndClear()
        {
            var result = ToArray();
            Clear();
            return result;
        }

        internal void Clear()
        {
            Array.Clear(_buffer, 0, _buffer.Length);
            _length = 0;
        }

        private void Ensure(int more)
        {
            if (_length + more <= _buffer.Length) return;
            int size = Math.Max(_buffer.Length * 2, _length + more);
            var bigger = new byte[size];
            Buffer.BlockCopy(_buffer, 0, bigger, 0, _length);
            Array.Clear(_buffer, 0, _buffer.Length);
            _buffer = bigger;
        }
    }
}
