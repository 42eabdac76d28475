using System.Collections.Generic;
using System.Linq;
using RescaleSsh.Connections;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// Which way a Copy-RescaleItem call goes and to which device: from -ToSession/-FromSession, or from which of
    /// -Path and -Destination names a device: user@host:path or alias:path (the command resolves the device through
    /// ~/.ssh/config), or sftp://user@host:port/path (<see cref="RemoteLocation"/>). Exactly one side may be remote.
    /// </summary>
    internal sealed class TransferRoute
    {
        public TransferDirection Direction { get; private set; }
        public Session Session { get; private set; }
        /// <summary>The device as the remote side wrote it (null with a session).</summary>
        public DeviceAddress Address { get; private set; }
        public List<string> RemotePaths { get; } = new List<string>();
        public string RemoteDestination { get; private set; }

        public static TransferRoute ToSession(Session session, string destination) =>
            new TransferRoute { Direction = TransferDirection.Upload, Session = session, RemoteDestination = OnSession(session, destination) ?? "." };

        public static TransferRoute FromSession(Session session, IEnumerable<string> paths)
        {
            var route = new TransferRoute { Direction = TransferDirection.Download, Session = session };
            route.RemotePaths.AddRange(paths.Select(p => OnSession(session, p)));
            return route;
        }

        /// <summary>A path on the session's device; an sftp:// URI is taken when it names that device, and refused when it names another.</summary>
        private static string OnSession(Session session, string path)
        {
            if (!SftpUri.IsUri(path)) return path;
            var uri = SftpUri.Parse(path);
            var named = new Device(uri.Address.Host, uri.Address.UserName ?? session.UserName, uri.Address.Port ?? session.Port);
            if (named.Equals(session.Device)) return uri.RemotePath;
            throw new RescaleSshException("SessionDeviceMismatch", FailureCategory.InvalidArgument,
                $"'{DisplayText.Visible(path)}' names {DisplayText.Visible(named.ToString())}, but the session is to {DisplayText.Visible(session.Device.ToString())}. Give a path on the session's device, or copy without the session.",
                path);
        }

        public static TransferRoute FromPaths(IReadOnlyList<string> paths, string destination)
        {
            var remoteSources = new List<RemoteLocation>();
            foreach (var path in paths)
            {
                if (RemoteLocation.TryParse(path, out var location)) remoteSources.Add(location);
            }
            RemoteLocation remoteDestination = null;
            bool destinationIsRemote = destination != null && RemoteLocation.TryParse(destination, out remoteDestination);

            if (remoteSources.Count > 0 && remoteSources.Count < paths.Count)
                throw Refusal(paths, "MixedSources", FailureCategory.InvalidArgument, "Some -Path values name the device (user@host:path) and some are local. Copy in one direction per call.");
            if (remoteSources.Count > 0 && destinationIsRemote)
                throw Refusal(paths, "RemoteToRemote", FailureCategory.InvalidArgument, "Both -Path and -Destination name a device. One side must be local: copy down, then up.");
            if (remoteSources.Count == 0 && !destinationIsRemote)
                throw Refusal(paths, "NoRemoteSide", FailureCategory.InvalidArgument, "Neither -Path nor -Destination names a device. Write the remote side as user@host:path (e.g. udeprod.ttooPb@10.54.7.67:work/), sftp://user@host:port/path (e.g. sftp://udeprod.ttooPb@10.54.7.67:2222/~/work/) or alias:path for a Host in ~/.ssh/config, or use -ToSession/-FromSession.");

            if (destinationIsRemote)
            {
                return new TransferRoute { Direction = TransferDirection.Upload, Address = remoteDestination.Address, RemoteDestination = remoteDestination.Path };
            }
            if (remoteSources.Any(s => !s.Address.Equals(remoteSources[0].Address)))
                throw Refusal(paths, "SeveralDevices", FailureCategory.InvalidArgument, "The -Path values name more than one device. Copy from one device per call.");
            var route = new TransferRoute { Direction = TransferDirection.Download, Address = remoteSources[0].Address };
            route.RemotePaths.AddRange(remoteSources.Select(s => s.Path));
            return route;
        }

        private static RescaleSshException Refusal(IEnumerable<string> paths, string id, FailureCategory category, string message) =>
            new RescaleSshException(id, category, message, string.Join(", ", paths));
    }
}
