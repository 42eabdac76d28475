#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Pester 5 checks of the built module (out/RescaleSsh/, from build.ps1 or dotnet build) that need no SSH
# server: what the xunit suite (tests/RescaleSsh.Tests) proves in a hosted engine, run here in a real
# pwsh or powershell.exe. Run: Invoke-Pester -Path tests/Pester -Output Detailed

BeforeDiscovery {
    $manifest = Join-Path $PSScriptRoot '../../out/RescaleSsh/RescaleSsh.psd1'
    if (-not (Test-Path $manifest)) {
        throw "The module is not built: run ./build.ps1 (or dotnet build RescaleSsh.sln -c Release) first."
    }
    Import-Module $manifest -Force
    $cmdlets = @((Get-Module RescaleSsh).ExportedCmdlets.Keys | Sort-Object | ForEach-Object { @{ Name = $_ } })
}

BeforeAll {
    $manifest = Join-Path $PSScriptRoot '../../out/RescaleSsh/RescaleSsh.psd1'
    if (-not (Test-Path $manifest)) {
        throw "The module is not built: run ./build.ps1 (or dotnet build RescaleSsh.sln -c Release) first."
    }
    # about_RescaleSsh is found through PSModulePath; put the built module first while these tests run.
    $script:savedModulePath = $env:PSModulePath
    $outFolder = (Resolve-Path (Join-Path $PSScriptRoot '../../out')).Path
    $env:PSModulePath = $outFolder + [System.IO.Path]::PathSeparator + $env:PSModulePath
    Import-Module $manifest -Force

    # A loopback port with nothing listening: bind an ephemeral port, then let it go.
    function Get-ClosedPort {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
    }
    # Never read or write the real ~/.ssh/known_hosts.
    $script:knownHosts = Join-Path $TestDrive 'known_hosts'
    # A throwaway private key, so that New-RescaleSession gets as far as connecting whatever ~/.ssh holds.
    $script:keyFile = Join-Path $TestDrive 'throwaway_ed25519'
    New-RescaleKeyPair -Path $keyFile -Algorithm Ed25519 | Out-Null
}

AfterAll {
    Remove-Module RescaleSsh -ErrorAction SilentlyContinue
    $env:PSModulePath = $script:savedModulePath
}

Describe 'The RescaleSsh module' {
    It 'imports and exports exactly the cmdlets its manifest lists' {
        $manifestData = Import-PowerShellDataFile (Join-Path $PSScriptRoot '../../out/RescaleSsh/RescaleSsh.psd1')
        $exported = @((Get-Module RescaleSsh).ExportedCmdlets.Keys | Sort-Object)
        $exported | Should -Be @($manifestData.CmdletsToExport | Sort-Object)
        $exported | Should -Contain 'New-RescaleSession'
        $exported | Should -Contain 'Get-RescaleSession'
        $exported | Should -Contain 'Remove-RescaleSession'
        $exported | Should -Contain 'Test-RescaleConnection'
    }
}

Describe 'Device addressing' {
    It "rejects '<Device>' with DeviceInvalid" -ForEach @(
        @{ Device = 'user@' }
        @{ Device = '127.0.0.1' }
        @{ Device = '@127.0.0.1' }
        @{ Device = 'user@127.0.0.1:70000' }
    ) {
        $errors = $null
        $output = Test-RescaleConnection $Device -KnownHostsPath $knownHosts -ErrorAction SilentlyContinue -ErrorVariable errors
        $output | Should -BeNullOrEmpty
        $errors | Should -HaveCount 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'DeviceInvalid,RescaleSsh.Commands.TestRescaleConnectionCommand'
        $errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $errors[0].TargetObject | Should -Be $Device
    }

    It 'binds a CSV row with the columns ServerIP, HostId and Port' {
        $port = Get-ClosedPort
        $rows = "ServerIP,HostId,Port`n127.0.0.1,udeprod.ttooPb,$port" | ConvertFrom-Csv
        $errors = $null
        $rows | Test-RescaleConnection -KnownHostsPath $knownHosts -ErrorAction SilentlyContinue -ErrorVariable errors
        $errors | Should -HaveCount 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'ConnectionRefused,*'
        "$($errors[0].TargetObject)" | Should -Be "udeprod.ttooPb@127.0.0.1:$port"
    }
}

Describe 'Sessions' {
    It 'Get-RescaleSession -Id 987654 is SessionNotFound' {
        $errors = $null
        $output = Get-RescaleSession -Id 987654 -ErrorAction SilentlyContinue -ErrorVariable errors
        $output | Should -BeNullOrEmpty
        $errors | Should -HaveCount 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'SessionNotFound,RescaleSsh.Commands.GetRescaleSessionCommand'
        $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'Remove-RescaleSession -Id 987654 is SessionNotFound' {
        $errors = $null
        Remove-RescaleSession -Id 987654 -ErrorAction SilentlyContinue -ErrorVariable errors
        $errors | Should -HaveCount 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'SessionNotFound,RescaleSsh.Commands.RemoveRescaleSessionCommand'
    }

    It 'New-RescaleSession to a closed port is ConnectionRefused and opens no session' {
        $port = Get-ClosedPort
        $errors = $null
        $output = New-RescaleSession "udeprod.ttooPb@127.0.0.1:$port" -KeyFilePath $keyFile -KnownHostsPath $knownHosts -ErrorAction SilentlyContinue -ErrorVariable errors
        $output | Should -BeNullOrEmpty
        $errors | Should -HaveCount 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'ConnectionRefused,RescaleSsh.Commands.NewRescaleSessionCommand'
        Get-RescaleSession -ComputerName 127.0.0.1 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}

Describe 'Test-RescaleConnection without a server' {
    It 'reports a closed loopback port as ConnectionRefused' {
        $port = Get-ClosedPort
        $errors = $null
        $output = Test-RescaleConnection "udeprod.ttooPb@127.0.0.1:$port" -KnownHostsPath $knownHosts -ConnectTimeout 10 -ErrorAction SilentlyContinue -ErrorVariable errors
        $output | Should -BeNullOrEmpty
        $errors | Should -HaveCount 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'ConnectionRefused,RescaleSsh.Commands.TestRescaleConnectionCommand'
        $errors[0].CategoryInfo.Category | Should -Be 'ConnectionError'
    }

    It 'returns $false with -Quiet, and no error' {
        $port = Get-ClosedPort
        $errors = $null
        $output = Test-RescaleConnection -ComputerName 127.0.0.1 -UserName udeprod.ttooPb -Port $port -KnownHostsPath $knownHosts -ConnectTimeout 10 -Quiet -ErrorVariable errors
        $output | Should -HaveCount 1
        $output | Should -BeOfType [bool]
        $output | Should -BeFalse
        $errors | Should -BeNullOrEmpty
    }
}

Describe 'Help for <Name>' -ForEach $cmdlets {
    BeforeAll {
        $help = Get-Help $Name -Full
        $command = Get-Command $Name -Module RescaleSsh
        # Spelled out: Windows PowerShell 5.1 has no [Cmdlet]::CommonParameters. WhatIf and Confirm are documented.
        $common = 'Verbose', 'Debug', 'ErrorAction', 'WarningAction', 'InformationAction', 'ProgressAction',
            'ErrorVariable', 'WarningVariable', 'InformationVariable', 'OutVariable', 'OutBuffer', 'PipelineVariable',
            'UseTransaction'
    }

    It 'has a synopsis and a description' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -BeLike "*$Name*"
        ($help.description.Text -join "`n") | Should -Not -BeNullOrEmpty
    }

    It 'has at least two examples that parse' {
        @($help.examples.example).Count | Should -BeGreaterOrEqual 2
        foreach ($example in $help.examples.example) {
            $parseErrors = $null
            [System.Management.Automation.Language.Parser]::ParseInput($example.code, [ref]$null, [ref]$parseErrors) | Out-Null
            $parseErrors | Should -BeNullOrEmpty -Because $example.title
            $example.code | Should -BeLike "*$Name*"
        }
    }

    It 'documents every parameter the cmdlet declares, and no other' {
        $declared = @($command.Parameters.Keys | Where-Object { $_ -notin $common } | Sort-Object)
        $documented = @($help.parameters.parameter.name | Sort-Object)
        $documented | Should -Be $declared
    }
}

Describe 'about_RescaleSsh' {
    It 'is found by Get-Help and walks the workflow with the cmdlets' {
        $text = (Get-Help about_RescaleSsh) -join "`n"
        $text | Should -BeLike '*about_RescaleSsh*'
        foreach ($name in (Get-Module RescaleSsh).ExportedCmdlets.Keys) {
            $text | Should -BeLike "*$name*"
        }
        $text | Should -BeLike '*New-RescaleKeyPair*'
        $text | Should -BeLike '*Add-RescaleAuthorizedKey*'
        $text | Should -BeLike '*Copy-RescaleItem*'
    }
}
