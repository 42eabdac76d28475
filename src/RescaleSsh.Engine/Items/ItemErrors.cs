using System;
using RescaleSsh.Connections;
using RescaleSsh.Transfers;
using Renci.SshNet.Common;

namespace RescaleSsh.Items
{
    /// <summary>The failures of the item cmdlets, each with its id; device paths in messages have control characters escaped.</summary>
    internal static class ItemErrors
    {
        public static string Display(Device device, string path) => DisplayText.Visible(RemoteLocation.Format(device, path));

        public static RescaleSshException NotFound(Device device, string path) =>
            new RescaleSshException("PathNotFound", FailureCategory.ObjectNotFound,
                $"Cannot find path '{Display(device, path)}' because it does not exist on the device.", Display(device, path));

        public static RescaleSshException Exists(Device device, string path, string what) =>
            new RescaleSshException("ItemExists", FailureCategory.ResourceExists,
                $"'{Display(device, path)}' already exists. {what}", Display(device, path));

        public static RescaleSshException InvalidName(string name, string parameter) =>
            new RescaleSshException("InvalidName", FailureCategory.InvalidArgument,
                $"'{DisplayText.Visible(name)}' cannot be a name on the device: a name cannot be empty, '.', '..', or hold '/' or NUL. Give -{parameter} a plain name.", name);

        /// <summary>A failed SFTP request on <paramref name="path"/>, through the one translator (PathNotFound, PermissionDenied, ConnectionLost ...).</summary>
        public static RescaleSshException Failed(Exception ex, Device device, string path, string action)
        {
            if (ex is SftpPathNotFoundException) return NotFound(device, path);
            return FailureTranslator.Translate(ex, Display(device, path), action, writing: true, localIsRemote: true);
        }

        public static bool IsPlainName(string name) =>
            !string.IsNullOrEmpty(name) && name != "." && name != ".." && name.IndexOf('/') < 0 && name.IndexOf('\0') < 0;
    }
}
