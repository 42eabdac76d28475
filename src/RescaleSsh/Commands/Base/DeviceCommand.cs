using System;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using RescaleSsh.Connections;

namespace RescaleSsh.Commands
{
    /// <summary>
    /// Base of every cmdlet that works on devices: the spec's device addressing (parameters, "user@host:port"
    /// strings, pipeline objects by property name with CSV aliases), the shared connection parameters, and
    /// the concurrent fan-out: each device is worked on by a worker thread, at most -ThrottleLimit at once,
    /// and results and errors are written from the pipeline thread as each device finishes.
    /// </summary>
    public abstract class DeviceCommand : ConnectionCommand
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = DeviceSet)]
        [Alias("HostName", "Host", "IPAddress", "ServerIP", "Address")]
        [ValidateNotNullOrEmpty]
        public string[] ComputerName { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = DeviceSet)]
        [Alias("User", "HostId", "Login")]
        public string UserName { get; set; }

        [Parameter]
        [ValidateRange(1, 128)]
        public int ThrottleLimit { get; set; } = 8;

        private ConcurrentPipeline _pipeline;
        private object _recordState;

        internal ConcurrentPipeline Pipeline => _pipeline;

        protected override void BeginProcessing()
        {
            _pipeline = new ConcurrentPipeline(ThrottleLimit);
        }

        protected override void ProcessRecord()
        {
            try
            {
                _recordState = CaptureRecordState();
            }
            catch (RescaleSshException ex)
            {
                WriteFailure(ex, ex.Target);
                _pipeline.Pump();
                return;
            }
            if (ParameterSetName == DeviceSet)
            {
                foreach (string text in ComputerName)
                {
                    Device device;
                    ConnectionOptions options;
                    try
                    {
                        device = Device.Parse(text, UserName ?? Credential?.UserName, Port);
                        options = BuildOptions();
                    }
                    catch (RescaleSshException ex)
                    {
                        WriteFailure(ex, text);
                        continue;
                    }
                    StartDevice(new DeviceContext(this, device, options, null));
                }
            }
            else
            {
                ProcessOtherParameterSet();
            }
            _pipeline.Pump();
        }

        /// <summary>For parameter sets other than Device (e.g. -Session, -Path); the default does nothing.</summary>
        protected virtual void ProcessOtherParameterSet()
        {
        }

        /// <summary>
        /// Called on the pipeline thread at the start of each record, before its devices are started: captures the
        /// record's own parameter values (pipeline-bound ones change per record) for the work items, which read it
        /// as <see cref="DeviceContext.RecordState"/>. A RescaleSshException skips the record with an error.
        /// </summary>
        internal virtual object CaptureRecordState() => null;

        internal void StartDevice(DeviceContext context)
        {
            context.RecordState = _recordState;
            _pipeline.Start(cancellation =>
            {
                context.Cancellation = cancellation;
                try
                {
                    ProcessDevice(context);
                }
                finally
                {
                    context.Release();
                }
            }, ex => OnDeviceFailed(context, ex));
        }

        /// <summary>What to do with one device; runs on a worker thread, so write only through <paramref name="context"/>.</summary>
        internal abstract void ProcessDevice(DeviceContext context);

        /// <summary>A failed device is a non-terminating error naming it; the others go on.</summary>
        internal virtual void OnDeviceFailed(DeviceContext context, Exception exception)
        {
            WriteFailure(exception, context.Device);
        }

        protected override void EndProcessing()
        {
            _pipeline.Drain();
            _pipeline.Pump();
        }

        protected override void StopProcessing()
        {
            _pipeline?.Stop();
        }
    }
}
