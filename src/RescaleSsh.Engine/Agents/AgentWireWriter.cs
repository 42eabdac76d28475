using System.Collections.Generic;
using System.Text;

namespace RescaleSsh.Agents
{
    /// <summary>Writes one agent request: a uint32 length, then the message type and its fields (RFC 4251 section 5 types).</summary>
    internal sealed class AgentWireWriter
    {
        private readonly List<byte> _body = new List<byte>();

        internal AgentWireWriter(AgentMessageType type)
        {
            _body.Add((byte)type);
        }

        internal AgentWireWriter WriteUInt32(uint value)
        {
            _body.Add((byte)(value >> 24));
            _body.Add((byte)(value >> 16));
            _body.Add((byte)(value >> 8));
            _body.Add((byte)value);
            return this;
        }

        internal AgentWireWriter WriteString(byte[] value)
        {
            WriteUInt32((uint)value.Length);
            _body.AddRange(value);
            return this;
        }

        internal AgentWireWriter WriteString(string value) => WriteString(Encoding.UTF8.GetBytes(value));

        /// <summary>The framed message: its length, then the body.</summary>
        internal byte[] ToFrame()
        {
            int length = _body.Count;
            var frame = new byte[4 + length];
            frame[0] = (byte)(length >> 24);
            frame[1] = (byte)(length >> 16);
            frame[2] = (byte)(length >> 8);
            frame[3] = (byte)length;
            _body.CopyTo(frame, 4);
            return frame;
        }
    }
}
