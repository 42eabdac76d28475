using System.IO;
using System.Linq;
using System.Text;

namespace RescaleSsh.Engine.Tests.Agents
{
    /// <summary>Agent protocol bodies built by hand for the fake agent (draft-miller-ssh-agent message layouts).</summary>
    public static class AgentMessages
    {
        public static byte[] UInt32(uint value) => new[] { (byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value };

        public static byte[] String(byte[] value) => UInt32((uint)value.Length).Concat(value).ToArray();

        public static byte[] String(string value) => String(Encoding.UTF8.GetBytes(value));

        public static byte[] Ed25519Blob(byte fill = 7) => String("ssh-ed25519").Concat(String(Enumerable.Repeat(fill, 32).ToArray())).ToArray();

        /// <summary>SSH_AGENT_IDENTITIES_ANSWER with the given (blob, comment) pairs.</summary>
        public static byte[] IdentitiesAnswer(params (byte[] Blob, string Comment)[] keys)
        {
            var body = new MemoryStream();
            body.WriteByte(12);
            body.Write(UInt32((uint)keys.Length));
            foreach (var (blob, comment) in keys)
            {
                body.Write(String(blob));
                body.Write(String(comment));
            }
            return body.ToArray();
        }

        /// <summary>SSH_AGENT_SIGN_RESPONSE holding a signature blob of <paramref name="algorithm"/>.</summary>
        public static byte[] SignResponse(string algorithm, byte[] signature) =>
            new byte[] { 14 }.Concat(String(String(algorithm).Concat(String(signature)).ToArray())).ToArray();

        public static byte[] Failure => new byte[] { 5 };
    }
}
