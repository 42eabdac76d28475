# The module as PowerShell and the PowerShell Gallery see it: manifest, exports, version, LICENSE, CHANGELOG.
# No device needed.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestEnvironment.ps1')
    $data = Import-PowerShellDataFile $ModuleManifest
}

Describe 'The RescaleSsh module' {
    It 'imports and exports exactly the cmdlets its manifest lists, spelled out without wildcards' {
        $data.CmdletsToExport | Where-Object { $_ -match '[*?]' } | Should -BeNullOrEmpty
        @((Get-Module RescaleSsh).ExportedCmdlets.Keys | Sort-Object) | Should -Be @($data.CmdletsToExport | Sort-Object)
        $data.FunctionsToExport.Count | Should -Be 0
        $data.AliasesToExport.Count | Should -Be 0
        $data.VariablesToExport.Count | Should -Be 0
    }

    It 'has a manifest that Test-ModuleManifest accepts, with what the Gallery shows' {
        $info = Test-ModuleManifest -Path $ModuleManifest
        $info.Name | Should -Be 'RescaleSsh'
        $info.Description | Should -Not -BeNullOrEmpty
        $info.PowerShellVersion | Should -Be ([version]'5.1')
        @($info.CompatiblePSEditions | Sort-Object) | Should -Be @('Core', 'Desktop')
        foreach ($tag in 'SSH', 'SFTP', 'Rescale', 'PuTTY', 'authorized_keys', 'known_hosts', 'Windows', 'Linux', 'MacOS', 'PSEdition_Core', 'PSEdition_Desktop') {
            $info.Tags | Should -Contain $tag
        }
        $data.PrivateData.PSData.RequireLicenseAcceptance | Should -BeFalse
        $info.ReleaseNotes | Should -Not -BeNullOrEmpty
        foreach ($format in $data.FormatsToProcess) { Join-Path $ModuleFolder $format | Should -Exist }
    }

    It 'names no made-up web address: no ProjectUri or LicenseUri until the project has a public home' {
        $data.PrivateData.PSData.Keys | Should -Not -Contain 'ProjectUri'
        $data.PrivateData.PSData.Keys | Should -Not -Contain 'LicenseUri'
        $data.PrivateData.PSData.Keys | Should -Not -Contain 'IconUri'
    }

    It 'ships the MIT LICENSE file in the module folder, identical to the top-level one' {
        $top = Join-Path $RepoRoot 'LICENSE'
        (Get-Content $top -TotalCount 1) | Should -Be 'MIT License'
        (Get-FileHash (Join-Path $ModuleFolder 'LICENSE')).Hash | Should -Be (Get-FileHash $top).Hash
    }

    It 'gives every RescaleSsh assembly the manifest''s version (the one place the version is written)' {
        $expected = [version]$data.ModuleVersion
        $assemblies = @(Get-ChildItem -LiteralPath $ModuleFolder -Filter 'RescaleSsh*.dll')
        $assemblies.Count | Should -BeGreaterThan 0
        foreach ($assembly in $assemblies) {
            $version = [System.Reflection.AssemblyName]::GetAssemblyName($assembly.FullName).Version
            '{0}.{1}.{2}' -f $version.Major, $version.Minor, $version.Build | Should -Be ('{0}.{1}.{2}' -f $expected.Major, $expected.Minor, [Math]::Max($expected.Build, 0)) -Because $assembly.Name
        }
    }

    It 'agrees with CHANGELOG.md: its top section is either [Unreleased], prepared as a version above every released one, or this version' {
        # The rule: the manifest's version is the release being prepared. While CHANGELOG's top section is
        # "## [Unreleased]", no released section may carry that version or a later one; once the top section
        # is released ("## [X.Y.Z] - date"), X.Y.Z is the manifest's version.
        $version = [version]$data.ModuleVersion
        $headings = @(Select-String -Path (Join-Path $RepoRoot 'CHANGELOG.md') -Pattern '^## \[([^\]]+)\]' | ForEach-Object { $_.Matches[0].Groups[1].Value })
        $headings.Count | Should -BeGreaterThan 0
        $released = @($headings | Where-Object { $_ -ne 'Unreleased' } | ForEach-Object { [version]$_ })
        if ($headings[0] -eq 'Unreleased') {
            $released | Where-Object { $_ -ge $version } | Should -BeNullOrEmpty -Because "version $version is unreleased in CHANGELOG.md"
        }
        else {
            [version]$headings[0] | Should -Be $version
        }
    }
}
