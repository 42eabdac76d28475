# Full help for every cmdlet and the about topic, as Get-Help shows them. No device needed.
# (Every example is also run, in HelpExamples.Tests.ps1.)

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot '../../out/RescaleSsh/RescaleSsh.psd1') -Force
    $cmdlets = @((Get-Module RescaleSsh).ExportedCmdlets.Keys | Sort-Object | ForEach-Object { @{ Name = $_ } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestEnvironment.ps1')
    # about_RescaleSsh is found through PSModulePath; put the built module first while these tests run.
    $savedModulePath = $env:PSModulePath
    $env:PSModulePath = (Split-Path $ModuleFolder) + [System.IO.Path]::PathSeparator + $env:PSModulePath
}

AfterAll {
    $env:PSModulePath = $savedModulePath
}

Describe 'Get-Help <Name> -Full' -ForEach $cmdlets {
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

    It 'has at least two examples that parse and use the cmdlet' {
        @($help.examples.example).Count | Should -BeGreaterOrEqual 2
        foreach ($example in $help.examples.example) {
            $parseErrors = $null
            [System.Management.Automation.Language.Parser]::ParseInput($example.code, [ref]$null, [ref]$parseErrors) | Out-Null
            $parseErrors | Should -BeNullOrEmpty -Because $example.title
            $example.code | Should -BeLike "*$Name*"
        }
    }

    It 'documents every parameter the cmdlet declares, and no other' {
        $declared = @($command.Parameters.Keys | Where-Object { $common -notcontains $_ } | Sort-Object)
        $documented = @($help.parameters.parameter | ForEach-Object { $_.name } | Sort-Object)
        $documented | Should -Be $declared
    }
}

Describe 'Get-Help about_RescaleSsh' {
    It 'walks the workflow with every cmdlet' {
        $text = (Get-Help about_RescaleSsh) -join "`n"
        $text | Should -BeLike '*about_RescaleSsh*'
        foreach ($name in (Get-Module RescaleSsh).ExportedCmdlets.Keys) {
            $text | Should -BeLike "*$name*"
        }
    }
}
