#Requires -Version 5.1
<#
.SYNOPSIS
    Runs every tests/Pester/*.Tests.ps1 file against the built module (out/RescaleSsh/) and exits non-zero on
    any failure. The one entry point for the Pester suite: tests/run-tests.sh (Linux CI) and the Windows jobs
    of .github/workflows/ci.yml all call this script, in pwsh and in Windows PowerShell 5.1.

.DESCRIPTION
    Environment (all optional; without a device the device tests are reported as skipped):
      RESCALESSH_TEST_DEVICE       user@host:port of a disposable test account (tools/test-device.sh run sets it)
      RESCALESSH_TEST_KEY          a private key that logs into it
      RESCALESSH_TEST_HOST_KEY     the device's public host key file (Strict and pinned host key examples)
      RESCALESSH_TEST_DEVICE_HOME  the account's home folder, when this process may read it (root/administrator):
                                   the suite then checks the device holds nothing more after the run than before
      RESCALESSH_YAMLDOTNET        the YamlDotNet package folder (dotnet restore tools/TestTools), for the workflow test
    Writes a one-line summary "passed failed skipped" to -SummaryPath when given.

.EXAMPLE
    pwsh -NoProfile -File tests/Pester/Invoke-PesterSuite.ps1 -PesterPath ~/.nuget/packages/pester/5.7.1/tools/Pester.psd1
#>
[CmdletBinding()]
param(
    # Pester.psd1 to import; by default the newest Pester 5 on PSModulePath.
    [string] $PesterPath,

    [ValidateSet('None', 'Normal', 'Detailed', 'Diagnostic')]
    [string] $Output = 'Detailed',

    [string] $SummaryPath
)

$ErrorActionPreference = 'Stop'

if ($PesterPath) {
    Import-Module $PesterPath -Force
}
else {
    $pester = Get-Module -ListAvailable -Name Pester | Where-Object { $_.Version -ge [version]'5.0.0' } |
        Sort-Object Version -Descending | Select-Object -First 1
    if (-not $pester) {
        throw 'Pester 5 is required: dotnet restore tools/TestTools, then pass -PesterPath <nuget cache>/pester/5.7.1/tools/Pester.psd1.'
    }
    Import-Module $pester.Path -Force
}

# What the device's home holds, as relative paths with sizes, and the exact authorized_keys bytes.
function Get-DeviceSnapshot {
    $deviceHome = $env:RESCALESSH_TEST_DEVICE_HOME
    if (-not $deviceHome -or -not (Test-Path -LiteralPath $deviceHome)) { return $null }
    $root = (Resolve-Path -LiteralPath $deviceHome).ProviderPath.TrimEnd('\', '/')
    $lines = @(Get-ChildItem -LiteralPath $root -Recurse -Force | ForEach-Object {
            $relative = $_.FullName.Substring($root.Length + 1)
            if ($_.PSIsContainer) { "$relative/" } else { "$relative ($($_.Length) bytes)" }
        } | Sort-Object)
    $keys = Join-Path $root '.ssh/authorized_keys'
    if (Test-Path -LiteralPath $keys) { $lines += 'authorized_keys: ' + (Get-FileHash -LiteralPath $keys -Algorithm SHA256).Hash }
    , $lines
}

$before = Get-DeviceSnapshot

$configuration = New-PesterConfiguration
$configuration.Run.Path = $PSScriptRoot
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = $Output
$result = Invoke-Pester -Configuration $configuration

$passed = $result.PassedCount
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
$skipped = $result.SkippedCount

if ($null -ne $before) {
    $after = Get-DeviceSnapshot
    $difference = @(Compare-Object -ReferenceObject $before -DifferenceObject $after)
    if ($difference.Count -gt 0) {
        Write-Host 'The tests left the device changed (=> new or changed, <= gone):' -ForegroundColor Red
        $difference | ForEach-Object { Write-Host "  $($_.SideIndicator) $($_.InputObject)" -ForegroundColor Red }
        $failed++
    }
    else {
        Write-Host 'The device holds exactly what it held before the tests.' -ForegroundColor Green
        $passed++
    }
}

Write-Host ("Pester: {0} tests passed, {1} failed, {2} skipped ({3:n0} s)" -f $passed, $failed, $skipped, $result.Duration.TotalSeconds)
if ($SummaryPath) {
    Set-Content -LiteralPath $SummaryPath -Value "$passed $failed $skipped" -Encoding Ascii
}
if ($failed -gt 0 -or $result.Result -ne 'Passed') { exit 1 }
exit 0
