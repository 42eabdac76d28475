using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using RescaleSsh.Wire;

namespace RescaleSsh.Agents
{
    /// <summary>
    /// A client of one SSH agent (draft-miller-ssh-agent): lists its keys and asks it to sign. One connection is
    /// kept open and used for one request at a time, so that any number of workers can share the client safely
    /// (requests queue, bounded by the same timeout). Every call has a timeout and honours cancellation; a call that
    /// times out, is cancelled or meets garbage closes the connection (a late answer must never be read as the answer
    /// to the next request) and the next call opens a new one.
    /// </summary>
    public sealed class AgentClient : IDisposable
    {
        private readonly IAgentTransport _transport;
        private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
        private Stream _connection;
        private bool _disposed;

        public AgentClient(IAgentTransport transport, TimeSpan? timeout = null)
        {
            _transport = transport ?? throw new ArgumentNullException(nameof(transport));
            Timeout = timeout ?? AgentLimits.DefaultTimeout;
            if (Timeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeout), "The agent timeout must be positive.");
        }

        /// <summary>The agent's socket path or pipe name.</summary>
        public string AgentName => _transport.Name;

        /// <summary>
        /// The bound on one call: waiting for other workers' calls and the exchange share it; opening a new connection,
        /// when one is needed, has a bound of the same length of its own (so a call ends within twice this at most).
        /// </summary>
        public TimeSpan Timeout { get; }

        /// <summary>The keys the agent holds, in the agent's order (SSH_AGENTC_REQUEST_IDENTITIES).</summary>
        public IReadOnlyList<AgentIdentity> ListIdentities(CancellationToken cancellationToken = default)
        {
            byte[] request = Frame(AgentMessageType.RequestIdentities, null);
            var reader = Exchange(request, cancellationToken, out AgentMessageType type);
            if (type == AgentMessageType.Failure) throw AgentErrors.Refused(AgentName, "list its keys");
            if (type != AgentMessageType.IdentitiesAnswer) throw AgentErrors.Protocol(AgentName, $"message {(int)type} where a key list belongs");
            try
            {
                uint count = reader.ReadUInt32();
                if (count > AgentLimits.MaxIdentities) throw AgentErrors.Protocol(AgentName, $"{count} keys, more than the {AgentLimits.MaxIdentities} allowed");
                var identities = new List<AgentIdentity>((int)count);
                for (uint i = 0; i < count; i++)
                {
                    byte[] blob = reader.ReadString();
                    string comment = Encoding.UTF8.GetString(reader.ReadString()); // free text: invalid UTF-8 becomes U+FFFD
                    identities.Add(AgentIdentity.FromBlob(blob, comment));
                }
                return identities;
            }
            catch (MalformedDataException e)
            {
                throw AgentErrors.Protocol(AgentName, "a malformed key list: " + e.Message, e);
            }
        }

        /// <summary>
        /// Asks the agent to sign <paramref name="data"/> with <paramref name="identity"/> (SSH_AGENTC_SIGN_REQUEST)
        /// and returns the signature blob as SSH sends it (string algorithm, string signature). A refusal is
        /// AgentSignRefused; a signature of another algorithm than asked for (an agent too old for the RSA SHA-2
        /// flags) is AgentProtocolError.
        /// </summary>
        public byte[] Sign(AgentIdentity identity, byte[] data, AgentSigningOptions flags, CancellationToken cancellationToken = default)
        {
            if (identity == null) throw new ArgumentNullException(nameof(identity));
            if (data == null) throw new ArgumentNullException(nameof(data));
            byte[] request = Frame(AgentMessageType.SignRequest, body =>
            {
                body.WriteString(identity.Blob);
                body.WriteString(data);
                body.WriteUInt32((uint)flags);
            });
            if (request.Length - 4 > AgentLimits.MaxMessageLength) throw new ArgumentException("The data to sign is larger than an agent accepts.", nameof(data));
            var reader = Exchange(request, cancellationToken, out AgentMessageType type);
            if (type == AgentMessageType.Failure || type == AgentMessageType.ExtensionFailure) throw AgentErrors.SignRefused(AgentName, identity.Fingerprint);
            if (type != AgentMessageType.SignResponse) throw AgentErrors.Protocol(AgentName, $"message {(int)type} where a signature belongs");
            try
            {
                byte[] signature = reader.ReadString();
                var inner = new SshDataReader(signature);
                string algorithm = Encoding.UTF8.GetString(inner.ReadString());
                inner.ReadString();
                string expected = SignatureAlgorithm(identity, flags);
                if (algorithm != expected)
                    throw AgentErrors.Protocol(AgentName, $"a {algorithm} signature where {expected} was asked for; the agent may be too old for SHA-2 RSA signatures");
                return signature;
            }
            catch (MalformedDataException e)
            {
                throw AgentErrors.Protocol(AgentName, "a malformed signature: " + e.Message, e);
            }
        }

        /// <summary>The signature algorithm a key signs with under <paramref name="flags"/> (RFC 8332 for RSA; PROTOCOL.certkeys for certificates).</summary>
        public static string SignatureAlgorithm(AgentIdentity identity, AgentSigningOptions flags)
        {
            if (identity == null) throw new ArgumentNullException(nameof(identity));
            if (identity.IsRsa)
            {
                if ((flags & AgentSigningOptions.RsaSha2512) != 0) return "rsa-sha2-512";
                if ((flags & AgentSigningOptions.RsaSha2256) != 0) return "rsa-sha2-256";
                return "ssh-rsa";
            }
            const string certSuffix = "-cert-v01@openssh.com";
            return identity.IsCertificate ? identity.KeyType.Substring(0, identity.KeyType.Length - certSuffix.Length) : identity.KeyType;
        }

        /// <summary>One request as the agent protocol frames it: a uint32 length, the message type, then its fields (RFC 4251 types).</summary>
        private static byte[] Frame(AgentMessageType type, Action<SshDataWriter> fields)
        {
            var body = new SshDataWriter();
            body.WriteByte((byte)type);
            fields?.Invoke(body);
            var frame = new SshDataWriter();
            frame.WriteString(body.ToArray());
            return frame.ToArray();
        }

        /// <summary>Sends one framed request and reads one answer, under the gate, the timeout and the caller's token.</summary>
        private SshDataReader Exchange(byte[] request, CancellationToken cancellationToken, out AgentMessageType type)
        {
            if (_disposed) throw new ObjectDisposedException(nameof(AgentClient));
            using (var timer = new CancellationTokenSource(Timeout))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, cancellationToken))
            {
                bool entered;
                try
                {
                    entered = _gate.Wait(Timeout, linked.Token);
                }
                catch (OperationCanceledException)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    entered = false;
                }
                if (!entered) throw AgentErrors.TimedOut(AgentName, Timeout);
                try
                {
                    byte[] answer = ExchangeOnConnection(request, linked.Token, timer.Token, cancellationToken);
                    type = (AgentMessageType)answer[0];
                    var reader = new SshDataReader(answer);
                    reader.ReadByte();
                    return reader;
                }
                finally
                {
                    _gate.Release();
                }
            }
        }

        private byte[] ExchangeOnConnection(byte[] request, CancellationToken linked, CancellationToken timer, CancellationToken caller)
        {
            try
            {
                bool reused = _connection != null;
                byte[] answer = RoundTrip(request, linked, caller);
                if (answer == null && reused)
                {
                    // The agent had closed the idle connection (or it broke) before reading this request: once more
                    // on a new one. Nothing was answered, so nothing was signed.
                    CloseConnection();
                    answer = RoundTrip(request, linked, caller);
                }
                return answer ?? throw AgentErrors.Protocol(AgentName, "it closed the connection without answering");
            }
            catch (RescaleSshException)
            {
                CloseConnection();
                throw;
            }
            catch (Exception e) when (e is IOException || e is ObjectDisposedException || e is OperationCanceledException)
            {
                CloseConnection();
                if (caller.IsCancellationRequested) throw new OperationCanceledException("The agent call was stopped.", e, caller);
                if (timer.IsCancellationRequested) throw AgentErrors.TimedOut(AgentName, Timeout);
                if (e is EndOfStreamException) throw AgentErrors.Protocol(AgentName, e.Message, e);
                throw AgentErrors.Unavailable(AgentName, e);
            }
        }

        /// <summary>One request on the open connection (opened first if needed); null when the connection was found closed before any answer byte.</summary>
        private byte[] RoundTrip(byte[] request, CancellationToken linked, CancellationToken caller)
        {
            // The transport bounds its own connect with the same timeout, so that "nothing there" is told apart
            // from "there but silent"; only Ctrl+C is shared.
            if (_connection == null) _connection = _transport.Connect(Timeout, caller);
            Stream connection = _connection;
            // Disposing the stream is what unblocks a read on every runtime and transport.
            using (linked.Register(connection.Dispose))
            {
                // Waited for here, inside the registration's scope: the task is complete before anything is disposed.
#pragma warning disable CA2025
                return RoundTripAsync(connection, request, linked).GetAwaiter().GetResult();
#pragma warning restore CA2025
            }
        }

        private async Task<byte[]> RoundTripAsync(Stream connection, byte[] request, CancellationToken token)
        {
            try
            {
                await connection.WriteAsync(request, 0, request.Length, token).ConfigureAwait(false);
                await connection.FlushAsync(token).ConfigureAwait(false);
            }
            catch (IOException) when (!token.IsCancellationRequested)
            {
                return null; // the peer closed the connection (broken pipe): no answer, nothing done
            }
            var header = new byte[4];
            int first = await connection.ReadAsync(header, 0, 4, token).ConfigureAwait(false);
            if (first == 0)
            {
                token.ThrowIfCancellationRequested(); // a stream disposed by the timeout may read as closed
                return null;
            }
            if (first < 4) await ReadExactlyAsync(connection, header, first, "the connection closed inside an answer's length", token).ConfigureAwait(false);
            uint length = (uint)(header[0] << 24 | header[1] << 16 | header[2] << 8 | header[3]);
            if (length == 0) throw AgentErrors.Protocol(AgentName, "an empty message");
            if (length > AgentLimits.MaxMessageLength)
                throw AgentErrors.Protocol(AgentName, $"a message of {length} bytes, more than the {AgentLimits.MaxMessageLength} allowed");
            var body = new byte[length];
            await ReadExactlyAsync(connection, body, 0, $"the connection closed inside a {length}-byte message", token).ConfigureAwait(false);
            return body;
        }

        private static async Task ReadExactlyAsync(Stream stream, byte[] buffer, int done, string closedMessage, CancellationToken token)
        {
            while (done < buffer.Length)
            {
                int read = await stream.ReadAsync(buffer, done, buffer.Length - done, token).ConfigureAwait(false);
                if (read == 0) throw new EndOfStreamException(closedMessage);
                done += read;
            }
        }

        private void CloseConnection()
        {
            var connection = _connection;
            _connection = null;
            connection?.Dispose();
        }

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            CloseConnection();
            _gate.Dispose();
        }
    }
}
