#!/usr/bin/env pwsh
#Requires -Version 5.1
<#
.SYNOPSIS
    Builds the RescaleSsh module into out/RescaleSsh/; with -Test, -Package or -Demo also tests, packages or
    demonstrates it.

.DESCRIPTION
    Runs `dotnet build RescaleSsh.sln -c <Configuration>`, which compiles the module and lays out the
    importable folder out/RescaleSsh/ (manifest, assemblies, formats, en-US help, dependencies/, LICENSE).

    -Test runs the README's test command. On Linux that is tests/run-tests.sh (as root, or it re-runs itself
    with sudo): xunit suites, the Pester suite in pwsh against a throwaway device, and the demo. Elsewhere
    the xunit suites and the device tests need a Linux sshd, so only the Pester suite runs, without a device
    (tests/Pester/Invoke-PesterSuite.ps1 with the Pester 5 found on PSModulePath).

    -Package writes out/RescaleSsh.<version>.nupkg with Publish-PSResource (PowerShell 7.4+, which ships
    PSResourceGet), exactly what would go to the PowerShell Gallery: everything the build laid out in
    out/RescaleSsh/, with CHANGELOG.md's top section as the manifest's ReleaseNotes. The local repository is
    the out/ folder, registered under a temporary name in a child pwsh whose HOME is a temp folder, so the
    user's own PSResourceGet settings are not touched.

    -Demo builds if needed, starts a throwaway OpenSSH device on 127.0.0.1 (tools/test-device.sh), and walks
    the seed procedure in pwsh step by step (tools/demo.ps1), HOME pointed at a temp folder. Linux, root.

.PARAMETER Configuration
    The build configuration, Release (default) or Debug.

.PARAMETER Test
    Runs the tests after the build (see the description).

.PARAMETER Clean
    Removes earlier build output (dotnet clean, and the out/ folder) before building.

.PARAMETER Package
    Writes out/RescaleSsh.<version>.nupkg after the build.

.PARAMETER Demo
    Runs the demo on a throwaway device.

.EXAMPLE
    ./build.ps1

    Builds out/RescaleSsh/ in Release; Import-Module ./out/RescaleSsh/RescaleSsh.psd1 then loads it.

.EXAMPLE
    pwsh ./build.ps1 -Package

    Builds, then writes out/RescaleSsh.0.1.0.nupkg; Install-PSResource installs it from there (README, "Install").

.EXAMPLE
    sudo pwsh ./build.ps1 -Demo

    Shows the whole seed procedure against a throwaway local device.
#>
[CmdletBinding()]
param(
    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release',

    [switch] $Test,

    [switch] $Clean,

    [switch] $Package,

    [switch] $Demo
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

# The executable of this PowerShell, for child processes. Under `dotnet tool run pwsh` the process is dotnet
# itself; the tool package carries pwsh's own apphost in $PSHOME.
function Get-PowerShellPath {
    $path = (Get-Process -Id $PID).Path
    if ([System.IO.Path]::GetFileNameWithoutExtension($path) -eq 'dotnet') {
        foreach ($name in 'pwsh', 'pwsh.exe') {
            $candidate = Join-Path $PSHOME $name
            if (Test-Path -LiteralPath $candidate) { return $candidate }
        }
    }
    return $path
}

function Test-OnLinux {
    (Test-Path variable:IsLinux) -and $IsLinux
}

function Invoke-Build {
    Invoke-Native dotnet @('build', 'RescaleSsh.sln', '-c', $Configuration, '-nologo', '-v', 'quiet')
    Write-Host "Module laid out in $(Join-Path $repoRoot 'out/RescaleSsh')" -ForegroundColor Green
}

# True when out/RescaleSsh/ is missing or older than a source file or the manifest.
function Test-BuildNeeded {
    $dll = Join-Path $repoRoot 'out/RescaleSsh/RescaleSsh.dll'
    if (-not (Test-Path -LiteralPath $dll)) { return $true }
    $built = (Get-Item -LiteralPath $dll).LastWriteTimeUtc
    $sources = @(Get-ChildItem -LiteralPath (Join-Path $repoRoot 'src') -Recurse -File |
            Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' })
    $sources += Get-Item -LiteralPath (Join-Path $repoRoot 'RescaleSsh.psd1')
    return [bool]($sources | Where-Object { $_.LastWriteTimeUtc -gt $built } | Select-Object -First 1)
}

# CHANGELOG.md's first "## [...]" section, heading included, for the package's ReleaseNotes.
function Get-ChangelogTopSection {
    $text = [System.IO.File]::ReadAllText((Join-Path $repoRoot 'CHANGELOG.md'))
    $match = [regex]::Match($text, '(?ms)^## \[.*?(?=^## \[|\z)')
    if (-not $match.Success) { throw 'CHANGELOG.md has no "## [...]" section.' }
    $match.Value.Trim()
}

function New-Package {
    if ($PSVersionTable.PSVersion -lt [version]'7.4') {
        throw "-Package needs PowerShell 7.4 or later (it uses Publish-PSResource from PSResourceGet); this is $($PSVersionTable.PSVersion)."
    }
    $out = Join-Path $repoRoot 'out'
    $layout = Join-Path $out 'RescaleSsh'
    $version = (Import-PowerShellDataFile (Join-Path $layout 'RescaleSsh.psd1')).ModuleVersion
    $staging = Join-Path $out 'package-staging'
    $packageHome = Join-Path $out 'package-home'
    $nupkg = Join-Path $out "RescaleSsh.$version.nupkg"
    foreach ($path in $staging, $packageHome, $nupkg) {
        if (Test-Path -LiteralPath $path) { Remove-Item -LiteralPath $path -Recurse -Force }
    }
    try {
        # Whatever the build laid out, unchanged, except for the release notes.
        New-Item -ItemType Directory -Path $staging | Out-Null
        Copy-Item -LiteralPath $layout -Destination $staging -Recurse
        $manifestPath = Join-Path $staging 'RescaleSsh/RescaleSsh.psd1'
        $manifest = [System.IO.File]::ReadAllText($manifestPath)
        $notes = (Get-ChangelogTopSection) -replace "(?m)^'@", " '@"
        $replaced = [regex]::Replace($manifest, "(?m)^(\s*ReleaseNotes\s*=\s*)'[^'\r\n]*'", { param($m) $m.Groups[1].Value + "@'`n" + $notes + "`n'@" })
        if ($replaced -eq $manifest) { throw "RescaleSsh.psd1 has no one-line ReleaseNotes = '...' to fill in." }
        [System.IO.File]::WriteAllText($manifestPath, $replaced, (New-Object System.Text.UTF8Encoding $false))

        # A child pwsh with a throwaway HOME: registering the repository writes PSResourceGet's settings file.
        New-Item -ItemType Directory -Path $packageHome | Out-Null
        $publishScript = Join-Path $packageHome 'publish.ps1'
        Set-Content -LiteralPath $publishScript -Encoding UTF8 -Value @'
param($Repository, $Module)
$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name RescaleSshBuild -Uri $Repository -Trusted
Publish-PSResource -Path $Module -Repository RescaleSshBuild
'@
        $savedHome = $env:HOME
        $savedXdg = $env:XDG_DATA_HOME
        try {
            $env:HOME = $packageHome
            $env:XDG_DATA_HOME = $null
            Write-Host ">> Publish-PSResource -Path $(Join-Path $staging 'RescaleSsh') -Repository $out" -ForegroundColor Cyan
            & (Get-PowerShellPath) -NoProfile -NonInteractive -File $publishScript -Repository $out -Module (Join-Path $staging 'RescaleSsh')
            if ($LASTEXITCODE -ne 0) { throw "Publish-PSResource failed (exit code $LASTEXITCODE)." }
        }
        finally {
            $env:HOME = $savedHome
            $env:XDG_DATA_HOME = $savedXdg
        }
        if (-not (Test-Path -LiteralPath $nupkg)) { throw "Publish-PSResource did not write $nupkg." }
        Write-Host "Package written: $nupkg" -ForegroundColor Green
    }
    finally {
        foreach ($path in $staging, $packageHome) {
            if (Test-Path -LiteralPath $path) { Remove-Item -LiteralPath $path -Recurse -Force }
        }
    }
}

function Invoke-Demo {
    if (-not (Test-OnLinux)) {
        Write-Host ('The demo starts a throwaway OpenSSH server on 127.0.0.1 for a temporary Unix account, so it runs on ' +
            'Linux only (as root, or with sudo; Debian/Ubuntu get openssh-server installed automatically). On Windows or ' +
            'macOS, try the module against a real device instead: Get-Help about_RescaleSsh walks the same steps. ' +
            'Nothing was started.')
        exit 2
    }
    & bash (Join-Path $repoRoot 'tools/test-device.sh') check
    if ($LASTEXITCODE -ne 0) { exit 2 }
    if (Test-BuildNeeded) { Invoke-Build }
    $demoScript = Join-Path $repoRoot 'tools/demo.ps1'
    $finished = $false
    try {
        # The starter removes the device, its account and temp folders whatever happens, Ctrl+C included.
        & bash (Join-Path $repoRoot 'tools/test-device.sh') run --bare (Get-PowerShellPath) -NoProfile -NonInteractive -File $demoScript
        $status = $LASTEXITCODE
        $finished = $true
    }
    finally {
        # Ctrl+C stops this script without an exit code of its own: say so, and exit non-zero.
        if (-not $finished) {
            [Console]::Error.WriteLine('demo: interrupted.')
            [Environment]::Exit(130)
        }
    }
    if ($status -ne 0) { exit $status }
}

function Invoke-Test {
    if (Test-OnLinux) {
        Invoke-Native bash @((Join-Path $repoRoot 'tests/run-tests.sh'))
        return
    }
    Write-Warning 'The xunit suites and the device tests start a Linux sshd: only the Pester suite runs here, without a device.'
    # A child process: the tests import RescaleSsh.dll, which would otherwise stay loaded (and, on Windows,
    # locked against the next build) in this session.
    & (Get-PowerShellPath) -NoProfile -NonInteractive -File (Join-Path $repoRoot 'tests/Pester/Invoke-PesterSuite.ps1')
    if ($LASTEXITCODE -ne 0) { throw "Pester tests failed (exit code $LASTEXITCODE)." }
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

    if ($Demo -and -not ($Test -or $Package -or $Clean)) {
        Invoke-Demo # builds only if needed
        return
    }

    Invoke-Build
    if ($Package) { New-Package }
    if ($Test) { Invoke-Test }
    if ($Demo) { Invoke-Demo }
}
finally {
    Pop-Location
}
