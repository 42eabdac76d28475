using System;
using System.IO;

namespace RescaleSsh.Engine.Tests.Infrastructure
{
    /// <summary>A fresh folder under the system temp folder (short path: Unix socket paths are limited), deleted on Dispose.</summary>
    public sealed class TempFolder : IDisposable
    {
        public string Path { get; }

        public TempFolder(string prefix = "rse-")
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N").Substring(0, 10));
            Directory.CreateDirectory(Path);
        }

        public string Combine(params string[] parts) => System.IO.Path.Combine(Path, System.IO.Path.Combine(parts));

        public string Write(string relativePath, string text)
        {
            string path = Combine(relativePath);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path));
            File.WriteAllText(path, text);
            return path;
        }

        public void Dispose()
        {
            try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
