# Dot-sourced by every tests/Pester/*.Tests.ps1 in its BeforeAll: imports the built module (out/RescaleSsh/)
# and describes the test device, if any. Windows PowerShell 5.1-clean, like every file here.
#
# The device comes from the environment (tools/test-device.sh run sets all of these; see Invoke-PesterSuite.ps1):
#   RESCALESSH_TEST_DEVICE       user@host:port        RESCALESSH_TEST_KEY        a key that logs in
#   RESCALESSH_TEST_HOST_KEY     host public key file  RESCALESSH_TEST_DEVICE_HOME the account's home, if reachable here
# Every test passes its own -KnownHostsPath (in TestDrive): no real ~/.ssh is read or written.

$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath
$script:ModuleFolder = Join-Path $RepoRoot 'out/RescaleSsh'
$script:ModuleManifest = Join-Path $ModuleFolder 'RescaleSsh.psd1'
if (-not (Test-Path -LiteralPath $ModuleManifest)) {
    throw 'The module is not built: run ./build.ps1 (or dotnet build RescaleSsh.sln -c Release) first.'
}
Import-Module $ModuleManifest -Force -ErrorAction Stop

$script:OnWindows = $PSVersionTable.PSEdition -eq 'Desktop' -or $IsWindows
$script:HaveDevice = [bool]$env:RESCALESSH_TEST_DEVICE -and [bool]$env:RESCALESSH_TEST_KEY
$script:KnownHosts = Join-Path $TestDrive 'known_hosts'

if ($HaveDevice) {
    if ($env:RESCALESSH_TEST_DEVICE -notmatch '^(?<user>[^@]+)@(?<host>[^:]+)(:(?<port>\d+))?$') {
        throw "RESCALESSH_TEST_DEVICE must be user@host[:port], not '$env:RESCALESSH_TEST_DEVICE'."
    }
    $script:DeviceUser = $Matches['user']
    $script:DeviceHost = $Matches['host']
    $script:DevicePort = 22
    if ($Matches['port']) { $script:DevicePort = [int]$Matches['port'] }
    # As a device's status page shows it, with the port: what the device cmdlets take.
    $script:Device = "$DeviceUser@${DeviceHost}:$DevicePort"
    # The scp-style remote side of Copy-RescaleItem: user@host:path, the port as -Port.
    $script:RemotePrefix = "$DeviceUser@${DeviceHost}:"
    $script:LoginKey = $env:RESCALESSH_TEST_KEY
    # What every device call here adds: the login key and a known_hosts of this test file's own.
    $script:Conn = @{ KeyFilePath = $LoginKey; KnownHostsPath = $KnownHosts }
    $script:RemoteConn = @{ Port = $DevicePort; KeyFilePath = $LoginKey; KnownHostsPath = $KnownHosts }
}

# A fresh unencrypted Ed25519 key pair in TestDrive, as the KeyPair object.
function New-TestKey {
    param([string] $Name, [string] $Comment = 'pester@test')
    New-RescaleKeyPair -Path (Join-Path $TestDrive $Name) -Algorithm Ed25519 -Comment $Comment
}

# The fingerprint ssh-keygen prints for a public key file.
function Get-ToolFingerprint {
    param([string] $PublicKeyPath)
    (& ssh-keygen -l -f $PublicKeyPath).Split(' ')[1]
}

# A loopback port with nothing listening: bind an ephemeral port, then let it go.
function Get-ClosedPort {
    $listener = New-Object System.Net.Sockets.TcpListener ([System.Net.IPAddress]::Loopback), 0
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

# A name for a scratch folder on the device that no other run uses.
function New-ScratchName {
    'rescalessh-pester-' + [guid]::NewGuid().ToString('N').Substring(0, 8)
}

# The device's known_hosts line, from its host key file: for -HostKeyPolicy Strict.
function Get-DeviceKnownHostsLine {
    $key = (Get-Content -LiteralPath $env:RESCALESSH_TEST_HOST_KEY -TotalCount 1).Split(' ')
    $name = $DeviceHost
    if ($DevicePort -ne 22) { $name = "[$DeviceHost]:$DevicePort" }
    "$name $($key[0]) $($key[1])"
}

# Removes a file or folder (relative to the login home) from the device: directly when its home is reachable
# here (tools/test-device.sh, the Windows CI job), otherwise with OpenSSH's ssh (Rescale devices are Linux).
function Remove-DeviceItem {
    param([Parameter(Mandatory)] [string] $RelativePath)
    if ($env:RESCALESSH_TEST_DEVICE_HOME) {
        $path = Join-Path $env:RESCALESSH_TEST_DEVICE_HOME $RelativePath
        if (Test-Path -LiteralPath $path) { Remove-Item -LiteralPath $path -Recurse -Force }
        return
    }
    $quoted = "'" + $RelativePath.Replace("'", "'\''") + "'"
    & ssh -F none -i $LoginKey -p $DevicePort -o BatchMode=yes -o IdentitiesOnly=yes -o StrictHostKeyChecking=no `
        -o "UserKnownHostsFile=$(Join-Path $TestDrive 'ssh_known_hosts')" "$DeviceUser@$DeviceHost" "rm -rf -- $quoted"
    if ($LASTEXITCODE -ne 0) { throw "Could not remove '$RelativePath' from the device (ssh exit code $LASTEXITCODE)." }
}

# Closes every session this process has open (sessions are shared by every runspace of a process).
function Close-AllSessions {
    Get-RescaleSession | Remove-RescaleSession
}
