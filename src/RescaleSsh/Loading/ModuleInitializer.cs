using System.Management.Automation;

namespace RescaleSsh.Loading
{
    /// <summary>
    /// Runs when PowerShell imports and removes the module: installs the private dependency loader
    /// before any cmdlet touches SSH.NET, and closes every open session on Remove-Module.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        public void OnImport() => DependencyLoader.Install();

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            RescaleSsh.Connections.SessionRegistry.CloseAll();
            DependencyLoader.Uninstall();
        }
    }
}
