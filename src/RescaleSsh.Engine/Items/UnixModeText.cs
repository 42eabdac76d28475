using System.Text;
using Renci.SshNet.Sftp;

namespace RescaleSsh.Items
{
    /// <summary>A file's type and permission bits as ls -l and Get-ChildItem on Unix write them ("drwxr-x---", "lrwxrwxrwx").</summary>
    internal static class UnixModeText
    {
        public static string Of(SftpFileAttributes a)
        {
            var text = new StringBuilder(10);
            text.Append(a.IsDirectory ? 'd' : a.IsSymbolicLink ? 'l' : a.IsRegularFile ? '-' : a.IsCharacterDevice ? 'c' : a.IsBlockDevice ? 'b' :
                a.IsNamedPipe ? 'p' : a.IsSocket ? 's' : '?');
            text.Append(a.OwnerCanRead ? 'r' : '-').Append(a.OwnerCanWrite ? 'w' : '-').Append(Execute(a.OwnerCanExecute, a.IsUIDBitSet, 's'));
            text.Append(a.GroupCanRead ? 'r' : '-').Append(a.GroupCanWrite ? 'w' : '-').Append(Execute(a.GroupCanExecute, a.IsGroupIDBitSet, 's'));
            text.Append(a.OthersCanRead ? 'r' : '-').Append(a.OthersCanWrite ? 'w' : '-').Append(Execute(a.OthersCanExecute, a.IsStickyBitSet, 't'));
            return text.ToString();
        }

        private static char Execute(bool execute, bool special, char mark) =>
            special ? (execute ? mark : char.ToUpperInvariant(mark)) : (execute ? 'x' : '-');
    }
}
