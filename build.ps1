#Requires -Version 5.1
<#
.SYNOPSIS
    Builds the RescaleSsh module into out/RescaleSsh/ and, with -Test, runs its tests.

.DESCRIPTION
    Runs `dotnet build RescaleSsh.sln -c <Configuration>`, which compiles the module and lays out the
    importable folder out/RescaleSsh/ (manifest, RescaleSsh.dll, formats, en-US help, dependencies/).

    With -Test it then runs:
      1. the xunit suite, `dotnet test tests/RescaleSsh.Tests -c <Configuration> --no-build`. It starts a
         real OpenSSH sshd on 127.0.0.1 with a throwaway account, so it needs Linux, root, and
         openssh-server, openssh-client and putty-tools (tests/run-tests.sh installs them on
         Debian/Ubuntu). Elsewhere it is skipped with a warning.
      2. the Pester 5 tests in tests/Pester, in a child PowerShell process (so that this session does
         not keep RescaleSsh.dll loaded and locked).
    Any failure stops the script with a non-zero exit code.

.PARAMETER Configuration
    The build configuration, Release (default) or Debug.

.PARAMETER Test
    Runs the xunit and Pester tests after the build.

.PARAMETER Clean
    Removes earlier build output (dotnet clean, and the out/ folder) before building.

.EXAMPLE
    ./build.ps1

    Builds out/RescaleSsh/ in Release; Import-Module ./out/RescaleSsh/RescaleSsh.psd1 then loads it.

.EXAMPLE
    sudo pwsh ./build.ps1 -Clean -Test

    Rebuilds from scratch and runs every test (on Linux, as root, for the xunit suite's sshd).
#>
[CmdletBinding()]
param(
    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release',

    [switch] $Test,

    [switch] $Clean
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

# Runs a native command and stops the script when it fails ($ErrorActionPreference does not cover exit codes).
function Invoke-Native {
    param(
        [Parameter(Mandatory)] [string] $FilePath,
        [string[]] $ArgumentList = @()
    )
    Write-Host ">> $FilePath $($ArgumentList -join ' ')" -ForegroundColor Cyan
    & $FilePath @ArgumentList
    if ($LASTEXITCODE -ne 0) {
        throw "'$FilePath $($ArgumentList -join ' ')' failed with exit code $LASTEXITCODE."
    }
}

function Test-XunitPrerequisite {
    # The fixture creates a Unix account and runs /usr/sbin/sshd: Linux and root only.
    $onLinux = (Test-Path variable:IsLinux) -and $IsLinux
    if (-not $onLinux) {
        return 'the xunit suite runs its own sshd and needs Linux'
    }
    if ((& id -u) -ne '0') {
        return "the xunit suite creates a throwaway account for its sshd and must run as root (sudo pwsh $PSCommandPath -Test)"
    }
    $missing = @()
    if (-not (Test-Path /usr/sbin/sshd)) { $missing += 'openssh-server' }
    if (-not (Get-Command ssh-keygen -ErrorAction SilentlyContinue)) { $missing += 'openssh-client' }
    if (-not (Get-Command puttygen -ErrorAction SilentlyContinue)) { $missing += 'putty-tools' }
    if ($missing) {
        return "the xunit suite needs $($missing -join ', ') (tests/run-tests.sh installs them on Debian/Ubuntu)"
    }
    return $null
}

$repoRoot = $PSScriptRoot
Push-Location $repoRoot
try {
    if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) {
        throw 'The .NET SDK (dotnet) is required: https://dotnet.microsoft.com/download'
    }

    if ($Clean) {
        Invoke-Native dotnet @('clean', 'RescaleSsh.sln', '-c', $Configuration, '-nologo', '-v', 'quiet')
        $out = Join-Path $repoRoot 'out'
        if (Test-Path $out) {
            Write-Host ">> Remove $out" -ForegroundColor Cyan
            Remove-Item -LiteralPath $out -Recurse -Force
        }
    }

    Invoke-Native dotnet @('build', 'RescaleSsh.sln', '-c', $Configuration, '-nologo')
    Write-Host "Module laid out in $(Join-Path $repoRoot 'out/RescaleSsh')" -ForegroundColor Green

    if ($Test) {
        $why = Test-XunitPrerequisite
        if ($why) {
            Write-Warning "Skipping the xunit tests: $why."
        }
        else {
            Invoke-Native dotnet @('test', 'tests/RescaleSsh.Tests', '-c', $Configuration, '--no-build', '-nologo')
        }

        $pester = Get-Module -ListAvailable -Name Pester |
            Where-Object { $_.Version -ge [version]'5.0.0' } |
            Sort-Object Version -Descending |
            Select-Object -First 1
        if (-not $pester) {
            throw ('Pester 5 is required for tests/Pester. Install it with: ' +
                'Install-Module -Name Pester -MinimumVersion 5.0.0 -Scope CurrentUser -Force -SkipPublisherCheck ' +
                '(-SkipPublisherCheck because Windows ships an older, differently signed Pester 3.4).')
        }

        # A child process: the tests import RescaleSsh.dll, which would otherwise stay loaded (and, on
        # Windows, locked against the next build) in this session.
        $powershell = (Get-Process -Id $PID).Path
        $pesterPath = (Join-Path $repoRoot 'tests/Pester') -replace "'", "''"
        $pesterScript = @"
`$ErrorActionPreference = 'Stop'
Import-Module -Name Pester -RequiredVersion '$($pester.Version)'
`$result = Invoke-Pester -Path '$pesterPath' -Output Detailed -PassThru
if (`$result.Result -ne 'Passed') { exit 1 }
exit 0
"@
        $encoded = [Convert]::ToBase64String([System.Text.Encoding]::Unicode.GetBytes($pesterScript))
        Write-Host ">> Invoke-Pester -Path tests/Pester -Output Detailed (Pester $($pester.Version))" -ForegroundColor Cyan
        & $powershell -NoProfile -NonInteractive -EncodedCommand $encoded
        if ($LASTEXITCODE -ne 0) {
            throw "Pester tests failed (exit code $LASTEXITCODE)."
        }
        Write-Host 'All tests passed.' -ForegroundColor Green
    }
}
finally {
    Pop-Location
}
