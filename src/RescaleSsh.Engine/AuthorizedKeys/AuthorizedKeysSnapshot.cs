using RescaleSsh.Wire;
namespace RescaleSsh.AuthorizedKeys
{
    /// <summary>An authorized_keys file as read at one moment: its bytes (null when missing) and the modes of it and its folder.</summary>
    internal sealed class AuthorizedKeysSnapshot
    {
        public AuthorizedKeysSnapshot(byte[] bytes, int? fileMode, int? folderMode)
        {
            Bytes = bytes;
            FileMode = fileMode;
            FolderMode = folderMode;
            File = AuthorizedKeysFile.Parse(bytes);
        }

        public byte[] Bytes { get; }
        public int? FileMode { get; }
        public int? FolderMode { get; }
        public AuthorizedKeysFile File { get; }
        public bool Exists => Bytes != null;

        /// <summary>True when the folder or the file lets group or others in.</summary>
        public bool ModesTooOpen =>
            (FileMode.HasValue && Connections.RemoteFiles.IsLoose(FileMode.Value)) ||
            (FolderMode.HasValue && Connections.RemoteFiles.IsLoose(FolderMode.Value));
    }
}
