# Remove-RescaleSession, as a user meets it: close what I opened.
# Device tests need RESCALESSH_TEST_DEVICE and RESCALESSH_TEST_KEY; every session is closed again.

BeforeDiscovery {
    $haveDevice = [bool]$env:RESCALESSH_TEST_DEVICE -and [bool]$env:RESCALESSH_TEST_KEY
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestEnvironment.ps1')
}

Describe 'Remove-RescaleSession' {
    It 'says SessionNotFound for an id that was never opened' {
        $errors = $null
        Remove-RescaleSession -Id 987654 -ErrorAction SilentlyContinue -ErrorVariable errors
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'SessionNotFound,RescaleSsh.Commands.RemoveRescaleSessionCommand'
    }

    Context 'on a device' -Skip:(-not $haveDevice) {
        AfterAll {
            Close-AllSessions
        }

        It 'closes a session: it is Closed, no longer listed, and using it says SessionClosed' {
            $s = New-RescaleSession $Device @Conn
            Remove-RescaleSession $s
            $s.State | Should -Be 'Closed'
            @(Get-RescaleSession | ForEach-Object { $_.Id }) | Should -Not -Contain $s.Id
            Get-RescaleAuthorizedKey -Session $s -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $Error[0].FullyQualifiedErrorId | Should -Be 'SessionClosed,RescaleSsh.Commands.GetRescaleAuthorizedKeyCommand'
        }

        It 'keeps the session open under -WhatIf' {
            $s = New-RescaleSession $Device @Conn
            Remove-RescaleSession -Id $s.Id -WhatIf
            (Get-RescaleSession -Id $s.Id).State | Should -Be 'Opened'
        }

        It 'closes every session piped from Get-RescaleSession' {
            New-RescaleSession $Device @Conn | Out-Null
            New-RescaleSession $Device @Conn | Out-Null
            Get-RescaleSession | Remove-RescaleSession
            Get-RescaleSession | Should -BeNullOrEmpty
        }
    }
}
