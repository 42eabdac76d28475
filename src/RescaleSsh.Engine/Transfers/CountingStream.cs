using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace RescaleSsh.Transfers
{
    /// <summary>A write-only pass-through that reports every write: progress for downloads, whatever SSH.NET reports.</summary>
    internal sealed class CountingStream : Stream
    {
        private readonly Stream _inner;
        private readonly Action<long> _written;

        public CountingStream(Stream inner, Action<long> written)
        {
            _inner = inner;
            _written = written;
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _inner.Length;
        public override long Position { get => _inner.Position; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count)
        {
            _inner.Write(buffer, offset, count);
            _written(count);
        }

        public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            await _inner.WriteAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
            _written(count);
        }

        public override void Flush() => _inner.Flush();
        public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
