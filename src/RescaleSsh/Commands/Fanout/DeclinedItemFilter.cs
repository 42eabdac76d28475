using System;
using System.Management.Automation;

namespace RescaleSsh.Commands
{
    /// <summary>
    /// The engine's host for an edit that asks per item (Remove-RescaleAuthorizedKey): an item the user declined at a
    /// -Confirm prompt produces no output, as Remove-Item's does; under -WhatIf its WouldRemove/WouldAdd result stays,
    /// as the spec says. ShouldProcess is asked with its reason so that the two "no" answers can be told apart; the
    /// prompt and the "What if:" line read exactly as the two-argument ShouldProcess writes them.
    /// </summary>
    internal sealed class DeclinedItemFilter : IOperationHost
    {
        private readonly DeviceContext _context;
        private readonly ConnectionCommand _command;
        private volatile bool _whatIf;

        public DeclinedItemFilter(DeviceContext context, ConnectionCommand command)
        {
            _context = context;
            _command = command;
        }

        public void WriteObject(object value)
        {
            if (!_whatIf && value is AuthorizedKeyResult result &&
                (result.Status == AuthorizedKeyStatus.WouldRemove || result.Status == AuthorizedKeyStatus.WouldAdd)) return;
            _context.WriteObject(value);
        }

        public void WriteError(Exception error, object target) => _context.WriteError(error, target);

        public void WriteWarning(string message) => _context.WriteWarning(message);

        public void WriteVerbose(string message) => _context.WriteVerbose(message);

        public bool ShouldProcess(string target, string action) => _command.Pipeline.Invoke(() =>
        {
            string description = $"Performing the operation \"{action}\" on target \"{target}\".";
            bool yes = _command.ShouldProcess(description, null, null, out ShouldProcessReason reason);
            if (reason == ShouldProcessReason.WhatIf) _whatIf = true;
            return yes;
        });
    }
}
