using System.Management.Automation;

namespace RescaleSsh.Loading
{
    /// <summary>
    /// Runs when PowerShell imports and removes the module: installs the private dependency loader
    /// before any cmdlet touches SSH.NET, and on Remove-Module closes the sessions of the runspace that removes it.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        public void OnImport() => DependencyLoader.Install();

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            Commands.RunspaceSessions.CloseCurrent();
            DependencyLoader.Uninstall();
        }
    }
}
