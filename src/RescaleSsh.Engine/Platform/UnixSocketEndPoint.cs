using System;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RescaleSsh.Platform
{
    /// <summary>
    /// The address of a Unix domain socket (sockaddr_un: the address family, then the NUL-terminated path).
    /// netstandard2.0 has no UnixDomainSocketEndPoint, so <see cref="Create"/> uses the runtime's own type when it
    /// has one (.NET Core 2.1+, PowerShell 7) and otherwise this class, which .NET Framework's Socket serializes
    /// through <see cref="Serialize"/> (Windows 10 1803+ has AF_UNIX).
    /// </summary>
    internal sealed class UnixSocketEndPoint : EndPoint
    {
        // sockaddr_un.sun_path is 108 bytes on Linux and Windows (104 on macOS), NUL included.
        private const int MaxPathBytes = 104 - 1;
        private const int FamilyBytes = 2;

        private static readonly Type RuntimeType = Type.GetType("System.Net.Sockets.UnixDomainSocketEndPoint, System.Net.Sockets", throwOnError: false);

        private readonly byte[] _path;

        internal UnixSocketEndPoint(string path)
        {
            Path = path;
            _path = Encoding.UTF8.GetBytes(path);
            if (_path.Length > MaxPathBytes)
                throw new ArgumentException($"The socket path is {_path.Length} bytes long; Unix sockets allow at most {MaxPathBytes}.", nameof(path));
        }

        internal string Path { get; }

        public override AddressFamily AddressFamily => AddressFamily.Unix;

        /// <summary>The runtime's UnixDomainSocketEndPoint where it exists, else this class.</summary>
        internal static EndPoint Create(string path) => Create(path, preferRuntimeType: true);

        internal static EndPoint Create(string path, bool preferRuntimeType)
        {
            var endPoint = new UnixSocketEndPoint(path); // checks the length either way
            return preferRuntimeType && RuntimeType != null ? (EndPoint)Activator.CreateInstance(RuntimeType, path) : endPoint;
        }

        public override SocketAddress Serialize()
        {
            var address = new SocketAddress(AddressFamily.Unix, FamilyBytes + _path.Length + 1);
            for (int i = 0; i < _path.Length; i++) address[FamilyBytes + i] = _path[i];
            address[FamilyBytes + _path.Length] = 0;
            return address;
        }

        public override EndPoint Create(SocketAddress socketAddress)
        {
            if (socketAddress == null) throw new ArgumentNullException(nameof(socketAddress));
            var bytes = new byte[Math.Max(0, socketAddress.Size - FamilyBytes)];
            int length = 0;
            while (length < bytes.Length && socketAddress[FamilyBytes + length] != 0)
            {
                bytes[length] = socketAddress[FamilyBytes + length];
                length++;
            }
            return new UnixSocketEndPoint(Encoding.UTF8.GetString(bytes, 0, length));
        }

        public override string ToString() => Path;
    }
}
