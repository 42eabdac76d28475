using System;
using System.Management.Automation;

namespace RescaleSsh.Commands
{
    /// <summary>The engine's <see cref="IOperationHost"/> for work done on the pipeline thread itself: writes go straight to the cmdlet.</summary>
    internal sealed class CmdletHost : IOperationHost
    {
        private readonly Cmdlet _cmdlet;

        public CmdletHost(Cmdlet cmdlet) => _cmdlet = cmdlet;

        public void WriteObject(object value) => _cmdlet.WriteObject(value);

        public void WriteError(Exception error, object target) => _cmdlet.WriteFailure(error, target);

        public void WriteWarning(string message) => _cmdlet.WriteWarning(message);

        public void WriteVerbose(string message) => _cmdlet.WriteVerbose(message);

        public bool ShouldProcess(string target, string action) => _cmdlet.ShouldProcess(target, action);
    }
}
