using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using RescaleSsh.Connections;

namespace RescaleSsh.Commands
{
    /// <summary>
    /// Sessions belong to the runspace that opened them, as PSSessions do: each runspace has its own registry, closed
    /// when that runspace closes or removes the module; another runspace of the same process neither sees nor closes
    /// them. (A Session object handed to another runspace still works there: it is the connection, not a name.)
    /// </summary>
    internal static class RunspaceSessions
    {
        private static readonly ConditionalWeakTable<Runspace, SessionRegistry> Registries = new ConditionalWeakTable<Runspace, SessionRegistry>();

        /// <summary>The registry of the runspace the calling cmdlet runs in.</summary>
        internal static SessionRegistry Current => For(Runspace.DefaultRunspace);

        internal static SessionRegistry For(Runspace runspace) => Registries.GetValue(runspace, Create);

        /// <summary>Closes the sessions of the current runspace (Remove-Module); other runspaces keep theirs.</summary>
        internal static void CloseCurrent()
        {
            var runspace = Runspace.DefaultRunspace;
            if (runspace != null && Registries.TryGetValue(runspace, out var registry)) registry.CloseAll();
        }

        private static SessionRegistry Create(Runspace runspace)
        {
            var registry = new SessionRegistry();
            runspace.StateChanged += (_, e) =>
            {
                if (e.RunspaceStateInfo.State == RunspaceState.Closing || e.RunspaceStateInfo.State == RunspaceState.Closed ||
                    e.RunspaceStateInfo.State == RunspaceState.Broken) registry.CloseAll();
            };
            return registry;
        }
    }
}
