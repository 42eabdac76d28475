using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// A write-only pass-through that reports every write (progress for downloads through SSH.NET's public API) and
    /// refuses to write more than <see cref="Limit"/> bytes: the bytes past it are never written, the copy stops with
    /// <see cref="SourceChangedException"/>.
    /// </summary>
    internal sealed class CountingStream : Stream
    {
        private readonly Stream _inner;
        private readonly Action<long> _written;

        private readonly long _fileLength;

        /// <param name="limit">The most bytes this copy may write (the file's planned length less what was there already).</param>
        /// <param name="fileLength">The file's planned length, for the message.</param>
        public CountingStream(Stream inner, Action<long> written, long limit, long fileLength)
        {
            _inner = inner;
            _written = written;
            Limit = limit;
            _fileLength = fileLength;
        }

        public long Limit { get; }
        public long Count { get; private set; }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _inner.Length;
        public override long Position { get => _inner.Position; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count)
        {
            Admit(count);
            _inner.Write(buffer, offset, count);
            Count += count;
            _written(count);
        }

        public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Admit(count);
            await _inner.WriteAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
            Count += count;
            _written(count);
        }

        private void Admit(int count)
        {
            if (Count + count > Limit) throw SourceChangedException.Grew(_fileLength);
        }

        public override void Flush() => _inner.Flush();
        public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
