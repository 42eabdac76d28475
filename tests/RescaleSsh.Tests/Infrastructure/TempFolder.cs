using System;
using System.IO;

namespace RescaleSsh.Tests.Infrastructure
{
    /// <summary>A fresh folder under the system temp folder, deleted on Dispose.</summary>
    public sealed class TempFolder : IDisposable
    {
        public string Path { get; }

        public TempFolder(string prefix = "rescalessh-")
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N").Substring(0, 12));
            Directory.CreateDirectory(Path);
        }

        public string Combine(params string[] parts) => System.IO.Path.Combine(Path, System.IO.Path.Combine(parts));

        public void Dispose()
        {
            try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
