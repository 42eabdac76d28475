# The package as a user gets it: out/RescaleSsh.<version>.nupkg (pwsh ./build.ps1 -Package) installed with
# PSResourceGet in a clean pwsh whose HOME is a temp folder, imported BY NAME, used against the test device,
# its full help read, then uninstalled without a trace. Needs PowerShell 7.4+ (PSResourceGet); on Windows,
# where the profile folder cannot be redirected, only where RESCALESSH_TEST_THROWAWAY_PROFILE=1 (the CI job).

BeforeDiscovery {
    $onWindows = $PSVersionTable.PSEdition -eq 'Desktop' -or $IsWindows
    $canInstall = $PSVersionTable.PSVersion -ge [version]'7.4' -and ((-not $onWindows) -or $env:RESCALESSH_TEST_THROWAWAY_PROFILE -eq '1')
    $haveDevice = [bool]$env:RESCALESSH_TEST_DEVICE -and [bool]$env:RESCALESSH_TEST_KEY
}

Describe 'The RescaleSsh package' -Skip:(-not $canInstall) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestEnvironment.ps1')
        Remove-Module RescaleSsh -ErrorAction SilentlyContinue # this process must not hold the module the child installs
        $version = (Import-PowerShellDataFile $ModuleManifest).ModuleVersion
        $out = Join-Path $RepoRoot 'out'
        $nupkg = Join-Path $out "RescaleSsh.$version.nupkg"
        if (-not (Test-Path -LiteralPath $nupkg)) { throw "$nupkg is missing: run pwsh ./build.ps1 -Package first." }

        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [System.IO.Compression.ZipFile]::OpenRead($nupkg)
        try {
            $entries = @($zip.Entries | ForEach-Object { $_.FullName })
            $reader = New-Object System.IO.StreamReader ($zip.GetEntry('RescaleSsh.nuspec').Open())
            $nuspec = [xml]$reader.ReadToEnd()
            $reader.Dispose()
        }
        finally { $zip.Dispose() }

        # The user's side, in a child pwsh with a HOME of its own and PowerShell's default module path.
        $userHome = Join-Path $TestDrive 'home'
        New-Item -ItemType Directory -Path $userHome | Out-Null
        $factsFile = Join-Path $TestDrive 'facts.json'
        $script = Join-Path $TestDrive 'install.ps1'
        Set-Content -LiteralPath $script -Encoding UTF8 -Value @'
param($Repository, $FactsFile, $Device, $Key, $KnownHosts)
$ErrorActionPreference = 'Stop'
$facts = @{}
Register-PSResourceRepository -Name RescaleSshLocal -Uri $Repository -Trusted
Install-PSResource -Name RescaleSsh -Repository RescaleSshLocal -Scope CurrentUser
Import-Module RescaleSsh
$module = Get-Module RescaleSsh
$facts.ModuleBase = $module.ModuleBase
$facts.Version = "$($module.Version)"
$facts.Files = @(Get-ChildItem -LiteralPath $module.ModuleBase -Recurse -File | ForEach-Object { $_.FullName.Substring($module.ModuleBase.Length + 1).Replace('\', '/') })
$facts.ManifestValid = [bool](Test-ModuleManifest -Path (Join-Path $module.ModuleBase 'RescaleSsh.psd1'))
$facts.Cmdlets = @($module.ExportedCmdlets.Keys)
if ($Device) {
    $facts.Authenticated = (Test-RescaleConnection $Device -KeyFilePath $Key -KnownHostsPath $KnownHosts).Authenticated
}
$help = Get-Help Copy-RescaleItem -Full
$facts.HelpExamples = @($help.examples.example).Count
$facts.HelpParameters = @($help.parameters.parameter).Count
$facts.About = ((Get-Help about_RescaleSsh) -join "`n").Length
Remove-Module RescaleSsh
Uninstall-PSResource -Name RescaleSsh -Scope CurrentUser
$facts.StillInstalled = @(Get-InstalledPSResource -Name RescaleSsh -Scope CurrentUser -ErrorAction SilentlyContinue).Count
Unregister-PSResourceRepository -Name RescaleSshLocal
$facts | ConvertTo-Json -Depth 3 | Set-Content -LiteralPath $FactsFile -Encoding UTF8
'@
        $powershell = (Get-Process -Id $PID).Path
        if ([System.IO.Path]::GetFileNameWithoutExtension($powershell) -eq 'dotnet') {
            $powershell = @(Get-ChildItem -LiteralPath $PSHOME -Filter 'pwsh*' | Where-Object { $_.Name -in 'pwsh', 'pwsh.exe' })[0].FullName
        }
        $saved = @{}
        foreach ($name in 'HOME', 'XDG_DATA_HOME', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'PSModulePath') {
            $saved[$name] = [Environment]::GetEnvironmentVariable($name)
            [Environment]::SetEnvironmentVariable($name, $null)
        }
        $env:HOME = $userHome
        try {
            $deviceArgument = ''
            if ($HaveDevice) { $deviceArgument = $Device }
            $childOutput = & $powershell -NoProfile -NonInteractive -File $script -Repository $out -FactsFile $factsFile `
                -Device $deviceArgument -Key "$env:RESCALESSH_TEST_KEY" -KnownHosts (Join-Path $TestDrive 'known_hosts') 2>&1 | Out-String
            $childExit = $LASTEXITCODE
        }
        finally {
            foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        }
        $facts = $null
        if (Test-Path -LiteralPath $factsFile) { $facts = Get-Content -Raw -LiteralPath $factsFile | ConvertFrom-Json }
        Import-Module $ModuleManifest -Force
    }

    It 'is named and versioned from the manifest, with the Gallery''s metadata and no made-up address' {
        $metadata = $nuspec.package.metadata
        $metadata.id | Should -Be 'RescaleSsh'
        $metadata.version | Should -Be $version
        $metadata.requireLicenseAcceptance | Should -Be 'false'
        $metadata.description | Should -Not -BeNullOrEmpty
        $metadata.tags | Should -BeLike '*PSEdition_Desktop*'
        $metadata.tags | Should -BeLike '*PSEdition_Core*'
        $metadata.releaseNotes | Should -BeLike '*## `[*'
        @($metadata.ChildNodes | ForEach-Object { $_.LocalName }) | Should -Not -Contain 'projectUrl'
        @($metadata.ChildNodes | ForEach-Object { $_.LocalName }) | Should -Not -Contain 'licenseUrl'
    }

    It 'holds every file the build laid out in out/RescaleSsh/, LICENSE included' {
        $laidOut = @(Get-ChildItem -LiteralPath $ModuleFolder -Recurse -File | ForEach-Object { $_.FullName.Substring($ModuleFolder.Length + 1).Replace('\', '/') })
        foreach ($file in $laidOut) { $entries | Should -Contain $file }
        $entries | Should -Contain 'LICENSE'
    }

    It 'installs with Install-PSResource into the user''s module folder and imports by name' {
        $childExit | Should -Be 0 -Because $childOutput
        $facts.ModuleBase | Should -BeLike "$userHome*"
        $facts.Version | Should -Be $version
        $facts.ManifestValid | Should -BeTrue
        @($facts.Cmdlets | Sort-Object) | Should -Be @((Import-PowerShellDataFile $ModuleManifest).CmdletsToExport | Sort-Object)
        $facts.Files | Should -Contain 'LICENSE'
        $facts.Files | Should -Contain 'RescaleSsh.dll'
    }

    It 'works against the device once installed' -Skip:(-not $haveDevice) {
        $facts.Authenticated | Should -BeTrue
    }

    It 'brings its full help and the about topic' {
        $facts.HelpExamples | Should -BeGreaterOrEqual 2
        $facts.HelpParameters | Should -BeGreaterThan 5
        $facts.About | Should -BeGreaterThan 1000
    }

    It 'uninstalls with Uninstall-PSResource, leaving nothing of the module behind' {
        $facts.StillInstalled | Should -Be 0
        @(Get-ChildItem -LiteralPath $userHome -Recurse -Force | Where-Object { $_.Name -like '*RescaleSsh*' } | ForEach-Object { $_.FullName }) |
            Should -BeNullOrEmpty
    }
}
