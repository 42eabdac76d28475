using System;

namespace RescaleSsh.Commands
{
    /// <summary>
    /// The engine's host for Get-RescaleAuthorizedKey -Session: every AuthorizedKey it writes carries the session it
    /// was read through, so that piping it to Remove-RescaleAuthorizedKey edits the file over the same connection.
    /// </summary>
    internal sealed class SessionStamp : IOperationHost
    {
        private readonly DeviceContext _context;

        private SessionStamp(DeviceContext context) => _context = context;

        /// <summary>The context itself when it has no session (nothing to stamp).</summary>
        public static IOperationHost For(DeviceContext context) => context.Session == null ? (IOperationHost)context : new SessionStamp(context);

        public void WriteObject(object value)
        {
            if (value is AuthorizedKey key) key.Session = _context.Session;
            _context.WriteObject(value);
        }

        public void WriteError(Exception error, object target) => _context.WriteError(error, target);

        public void WriteWarning(string message) => _context.WriteWarning(message);

        public void WriteVerbose(string message) => _context.WriteVerbose(message);

        public bool ShouldProcess(string target, string action) => _context.ShouldProcess(target, action);
    }
}
