using System.IO;
using System.Linq;
using RescaleSsh.Tests.Connections;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Newcomer
{
    /// <summary>
    /// A device written first, with nothing but the item's own parameters (the help examples' form, and a script's
    /// whose connection options come from $PSDefaultParameterValues or ~/.ssh/config), binds as the device: the
    /// session parameter set takes its paths by name only, so position 0 is always the device. Before, PowerShell bound
    /// the device string to the session set's -Path and failed with MissingMandatoryParameter (Session or ComputerName).
    /// </summary>
    public sealed class PositionalDeviceTests : System.IDisposable
    {
        private readonly DeviceLab _lab = new DeviceLab();
        private readonly PowerShellSession _ps = new PowerShellSession();

        public PositionalDeviceTests()
        {
            _lab.TrustHostKey();
            string work = Path.Combine(_lab.Server.Home, "work");
            Directory.CreateDirectory(work);
            File.WriteAllText(Path.Combine(work, "data[1].csv"), "x");
            _lab.Server.GiveToUser(work);
            _lab.Server.GiveToUser(Path.Combine(work, "data[1].csv"));
        }

        private const string Defaults =
            "$PSDefaultParameterValues['*-Rescale*:KeyFilePath'] = $key; $PSDefaultParameterValues['*-Rescale*:KnownHostsPath'] = $kh; " +
            "$PSDefaultParameterValues['*-Rescale*:NoSshConfig'] = $true; $PSDefaultParameterValues['*-Rescale*:NoAgent'] = $true; ";

        [Fact]
        public void Listing_and_running_a_command_take_the_device_from_position_0()
        {
            var result = _ps.Run(Defaults + "Get-RescaleChildItem $device; Invoke-RescaleCommand $device 'echo positional'", _lab.Variables());

            Assert.True(!result.AllErrors.Any(), result.ToString());
            Assert.Contains(result.Output, o => (o.Properties["Name"]?.Value as string) == "work");
            Assert.Contains(result.Output, o => (o.Properties["Output"]?.Value as string[])?.Contains("positional") == true);
        }

        [Fact]
        public void Item_changes_take_the_device_from_position_0_and_their_paths_after_it()
        {
            string work = Path.Combine(_lab.Server.Home, "work");

            var result = _ps.Run(Defaults +
                "New-RescaleItem $device work/new.txt -Value 'v' | Out-Null; " +
                "Rename-RescaleItem $device work/new.txt renamed.txt; " +
                "Move-RescaleItem $device work/renamed.txt work/moved.txt; " +
                "Remove-RescaleItem $device -LiteralPath 'work/data[1].csv' -Confirm:$false", _lab.Variables());

            Assert.True(!result.AllErrors.Any(), result.ToString());
            Assert.Equal(new[] { "moved.txt" }, Directory.GetFiles(work).Select(Path.GetFileName));
            Assert.Equal("v", File.ReadAllText(Path.Combine(work, "moved.txt")).TrimEnd('\n'));
        }

        public void Dispose()
        {
            _ps.Dispose();
            _lab.Dispose();
        }
    }
}
