using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace RescaleSsh.Commands
{
    /// <summary>
    /// Where tests set the engine's seams (<see cref="EngineHooks"/>), per runspace (PSResourceGet's InternalHooks is
    /// the model): commands take the hooks of the runspace they run in, so tests running side by side in other
    /// runspaces never see each other's seams. Users never set any and get <see cref="EngineHooks.Default"/>.
    /// </summary>
    internal static class InternalHooks
    {
        private static readonly ConditionalWeakTable<Runspace, EngineHooks> Hooks = new ConditionalWeakTable<Runspace, EngineHooks>();

        internal static EngineHooks Current
        {
            get
            {
                var runspace = Runspace.DefaultRunspace;
                return runspace != null && Hooks.TryGetValue(runspace, out var hooks) ? hooks : EngineHooks.Default;
            }
        }

        internal static void Set(Runspace runspace, EngineHooks hooks)
        {
            Hooks.Remove(runspace);
            Hooks.Add(runspace, hooks);
        }
    }
}
