using System;
using System.Management.Automation;
using RescaleSsh.Connections;

namespace RescaleSsh.Commands
{
    /// <summary>
    /// Base of every cmdlet that works on devices one by one: the spec's device addressing (parameters,
    /// "user@host:port" strings or Host aliases from ~/.ssh/config, pipeline objects by property name with the CSV
    /// aliases, or open sessions) and the
    /// fan-out. Each record's own parameter values become a <typeparamref name="TWork"/> on the pipeline thread; each
    /// device is then worked on by a worker thread, at most -ThrottleLimit at once, and results and errors are
    /// written from the pipeline thread as each device finishes. A failed device is a non-terminating error naming it.
    /// Cmdlets that accept sessions declare their own -Session parameter in <see cref="ConnectionCommand.SessionSet"/>
    /// and make it their DefaultParameterSetName: a piped Session also has ComputerName, UserName and Port properties,
    /// and PowerShell would otherwise bind it by property name to the Device set. (Remove-RescaleAuthorizedKey's default
    /// is instead a set of its own that takes Get-RescaleAuthorizedKey's objects whole; its other sets go through
    /// <see cref="ProcessLocal"/> and <see cref="Start"/>.)
    /// </summary>
    public abstract class DeviceCommand<TWork> : ConnectionCommand
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = DeviceSet)]
        [Alias("HostName", "Host", "IPAddress", "ServerIP", "Address")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ComputerNameCompleter))]
        public string[] ComputerName { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = DeviceSet)]
        [Alias("User", "HostId", "Login")]
        public string UserName { get; set; }

        /// <summary>The sessions of the Session parameter set; null for cmdlets without one.</summary>
        protected virtual Session[] SessionInput => null;

        /// <summary>
        /// The record's work, built on the pipeline thread before its devices start (pipeline-bound parameters change
        /// per record). A RescaleSshException skips the record with an error.
        /// </summary>
        internal abstract TWork CreateWork();

        /// <summary>What to do with one device; runs on a worker thread, so write only through <paramref name="context"/>.</summary>
        internal abstract void ProcessDevice(DeviceContext context, TWork work);

        /// <summary>For parameter sets that name no device (e.g. a local file); the default does nothing.</summary>
        internal virtual void ProcessLocal(TWork work)
        {
        }

        /// <summary>A failed device is a non-terminating error naming it; the others go on.</summary>
        internal virtual void OnDeviceFailed(DeviceContext context, Exception exception) =>
            this.WriteFailure(exception, context.Device);

        /// <summary>A device string (or the record's connection parameters) that cannot be used; pipeline thread, in input order.</summary>
        internal virtual void OnDeviceInvalid(string text, RescaleSshException exception) =>
            this.WriteFailure(exception, text);

        /// <summary>Runs on the pipeline thread for each device as it is queued, in input order (before any of its work).</summary>
        internal virtual void OnDeviceQueued(DeviceContext context)
        {
        }

        protected override void ProcessRecord()
        {
            TWork work;
            try
            {
                work = CreateWork();
            }
            catch (RescaleSshException ex)
            {
                this.WriteFailure(ex, ex.Target);
                Pipeline.Pump();
                return;
            }
            if (ParameterSetName == DeviceSet) StartDevices(work);
            else if (ParameterSetName == SessionSet && SessionInput != null)
            {
                foreach (var session in SessionInput) Start(ContextFor(session.Device, null, session), work);
            }
            else ProcessLocal(work);
            Pipeline.Pump();
        }

        protected override void EndProcessing()
        {
            Pipeline.Drain();
            Pipeline.Pump();
        }

        private void StartDevices(TWork work)
        {
            foreach (string text in ComputerName)
            {
                Device device;
                ConnectionOptions options;
                try
                {
                    device = ResolveDevice(text, DeviceAddress.Parse(text), UserName ?? CredentialUserName, out options);
                }
                catch (RescaleSshException ex)
                {
                    OnDeviceInvalid(text, ex);
                    continue;
                }
                Start(ContextFor(device, options, null), work);
            }
        }

        /// <summary>Starts one device's work on the worker pool (also for devices a cmdlet finds itself, e.g. in piped items).</summary>
        internal void Start(DeviceContext context, TWork work)
        {
            OnDeviceQueued(context);
            Pipeline.Start(cancellation =>
            {
                context.Cancellation = cancellation;
                try
                {
                    ProcessDevice(context, work);
                }
                finally
                {
                    context.Release();
                }
            }, ex => OnDeviceFailed(context, ex));
        }
    }
}
