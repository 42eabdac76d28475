using System;
using System.Text;

namespace RescaleSsh.AuthorizedKeys
{
    /// <summary>Reads RFC 4251 <c>string</c> fields (uint32 length + bytes) from an SSH key blob.</summary>
    internal sealed class BlobReader
    {
        private readonly byte[] _data;
        private int _offset;

        public BlobReader(byte[] data)
        {
            _data = data;
        }

        public bool AtEnd => _offset >= _data.Length;

        public byte[] ReadString()
        {
            if (_data.Length - _offset < 4) throw new FormatException("The key blob ends inside a length field.");
            long length = ((long)_data[_offset] << 24) | ((long)_data[_offset + 1] << 16) | ((long)_data[_offset + 2] << 8) | _data[_offset + 3];
            _offset += 4;
            if (length > _data.Length - _offset) throw new FormatException("A field of the key blob is longer than the blob.");
            var value = new byte[length];
            Buffer.BlockCopy(_data, _offset, value, 0, (int)length);
            _offset += (int)length;
            return value;
        }

        public string ReadAscii() => Encoding.ASCII.GetString(ReadString());
    }
}
