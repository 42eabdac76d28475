using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using RescaleSsh.Items;
using RescaleSsh.Transfers;

namespace RescaleSsh.Commands
{
    /// <summary>
    /// Copy-RescaleItem's branch for RemoteItem objects piped from Get-RescaleChildItem: each device (or session) of the
    /// items is connected once, and the engine's <see cref="PipedDownload"/> copies exactly those items to the local
    /// destination, keeping their relative layout.
    /// </summary>
    internal static class PipedItemCopy
    {
        public static void Run(ConnectionCommand command, IReadOnlyList<RemoteItem> items, string destination, CopyRequest template)
        {
            string root = LocalPaths.ResolveOne(command, destination ?? command.SessionState.Path.CurrentFileSystemLocation.ProviderPath);
            foreach (var group in items.GroupBy(i => (object)i.Session ?? i.Device))
            {
                var first = group.First();
                var context = first.Session != null
                    ? command.ContextFor(first.Session.Device, null, first.Session)
                    : command.OrThrowFailure(() => command.ContextFor(first.Device));
                context.Cancellation = command.Pipeline.Cancellation;
                try
                {
                    Copy(command, context, group.ToList(), root, template);
                }
                catch (RescaleSshException ex)
                {
                    command.WriteFailure(ex, ex.Target ?? context.Device);
                }
                catch (OperationCanceledException)
                {
                    throw new PipelineStoppedException();
                }
                finally
                {
                    command.Release(context);
                }
            }
        }

        private static void Copy(ConnectionCommand command, DeviceContext context, List<RemoteItem> items, string root, CopyRequest template)
        {
            var download = new PipedDownload(context.Connection, context, command.Pipeline, command.Pipeline.Cancellation);
            var progress = new TransferProgressWriter(command, "Downloading from " + context.Device);
            download.StartProgress = progress.Start;
            download.Run(items, root, template);
            command.Pipeline.Drain();
            command.Pipeline.Pump();
            progress.Complete();
        }
    }
}
