@{
    RootModule           = 'RescaleSsh.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '6c1f3f53-5a8e-4d0b-9a57-2b8f0d6e4c11'
    Author               = 'RescaleSsh contributors'
    CompanyName          = 'RescaleSsh'
    Copyright            = '(c) RescaleSsh contributors. MIT License.'
    Description          = 'SSH key generation, authorized_keys installation and SFTP transfers for Rescale storage devices, as safe, scriptable cmdlets.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess     = @('RescaleSsh.format.ps1xml')
    CmdletsToExport      = @(
        'New-RescaleSession'
        'Get-RescaleSession'
        'Remove-RescaleSession'
        'Test-RescaleConnection'
        'New-RescaleKeyPair'
        'Get-RescaleKey'
        'Convert-RescaleKey'
        'Add-RescaleAuthorizedKey'
        'Get-RescaleAuthorizedKey'
        'Remove-RescaleAuthorizedKey'
        'Copy-RescaleItem'
        'Get-RescaleDevice'
        'Get-RescaleChildItem'
        'New-RescaleItem'
        'Rename-RescaleItem'
        'Move-RescaleItem'
        'Remove-RescaleItem'
        'Invoke-RescaleCommand'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags                     = @('SSH', 'SFTP', 'Rescale', 'PuTTY', 'authorized_keys', 'known_hosts', 'Windows', 'Linux', 'MacOS', 'PSEdition_Core', 'PSEdition_Desktop')
            RequireLicenseAcceptance = $false
            # No ProjectUri or LicenseUri until the project has a real public home; the MIT LICENSE file ships in the module folder.
            # build.ps1 -Package replaces this line with CHANGELOG.md's top section in the packaged manifest.
            ReleaseNotes             = 'See CHANGELOG.md.'
        }
    }
}
