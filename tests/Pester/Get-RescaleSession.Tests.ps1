# Get-RescaleSession, as a user meets it: which connections do I have open?
# Device tests need RESCALESSH_TEST_DEVICE and RESCALESSH_TEST_KEY; every session is closed again.

BeforeDiscovery {
    $haveDevice = [bool]$env:RESCALESSH_TEST_DEVICE -and [bool]$env:RESCALESSH_TEST_KEY
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestEnvironment.ps1')
}

Describe 'Get-RescaleSession' {
    It 'says SessionNotFound for an id that was never opened' {
        Get-RescaleSession -Id 987654 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $Error[0].FullyQualifiedErrorId | Should -Be 'SessionNotFound,RescaleSsh.Commands.GetRescaleSessionCommand'
        $Error[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    Context 'on a device' -Skip:(-not $haveDevice) {
        AfterAll {
            Close-AllSessions
        }

        It 'lists the sessions I opened, by id and by device name wildcard' {
            $a = New-RescaleSession $Device @Conn
            $b = New-RescaleSession $Device @Conn
            (Get-RescaleSession).Id | Should -Contain $a.Id
            (Get-RescaleSession -Id $b.Id).Id | Should -Be $b.Id
            $prefix = $DeviceHost.Substring(0, 3)
            @(Get-RescaleSession -ComputerName "$prefix*").Id | Should -Contain $b.Id
        }
    }
}
