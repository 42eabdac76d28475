using System;
using System.Management.Automation;
using RescaleSsh.Connections;
using RescaleSsh.Transfers;

namespace RescaleSsh.Commands
{
    /// <summary>
    /// Copy-RescaleItem's branch for paths: connects the device the route names (through ~/.ssh/config for
    /// alias:path, -Port and the other parameters winning) or uses the route's session, and runs the engine's
    /// <see cref="CopyOperation"/> on the command's worker pool, writing progress from the pipeline thread.
    /// </summary>
    internal static class RoutedCopy
    {
        public static void Run(ConnectionCommand command, TransferRoute route, CopyRequest request)
        {
            var context = route.Session != null
                ? command.ContextFor(route.Session.Device, null, route.Session)
                : command.OrThrowFailure(() => command.ContextFor(route.Address.ToString(), route.Address, command.CredentialUserName));
            context.Cancellation = command.Pipeline.Cancellation;
            // A new connection for a large upload opens its extra channels as it logs in (a session's are opened with the file).
            if (route.Session == null && !LocalCopySides.WhatIf(command)) context.Options.ExtraChannelsAtLogin = RangeSizing.ExtraChannelsAtLogin(request);
            try
            {
                var operation = new CopyOperation(Connect(command, context), request, context, command.Pipeline, command.Pipeline.Cancellation);
                var progress = new TransferProgressWriter(command, (route.Direction == TransferDirection.Upload ? "Uploading to " : "Downloading from ") + context.Device);
                operation.StartProgress = progress.Start;
                command.OrThrowFailure(() => { operation.Run(); return true; });
                command.Pipeline.Drain();
                command.Pipeline.Pump();
                progress.Complete();
            }
            finally
            {
                command.Release(context);
            }
        }

        private static DeviceConnection Connect(ConnectionCommand command, DeviceContext context)
        {
            try
            {
                return context.Connection;
            }
            catch (RescaleSshException ex)
            {
                command.ThrowFailure(ex, context.Session ?? (object)context.Device);
                throw;
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
        }
    }
}
