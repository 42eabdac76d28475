# New-RescaleSession, as a user meets it: open a connection once and reuse it, as New-PSSession does.
# Device tests need RESCALESSH_TEST_DEVICE and RESCALESSH_TEST_KEY; every session is closed again.

BeforeDiscovery {
    $haveDevice = [bool]$env:RESCALESSH_TEST_DEVICE -and [bool]$env:RESCALESSH_TEST_KEY
    $haveHostKey = $haveDevice -and [bool]$env:RESCALESSH_TEST_HOST_KEY
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestEnvironment.ps1')
    $throwawayKey = New-TestKey 'throwaway'
}

AfterAll {
    Close-AllSessions
}

Describe 'New-RescaleSession' {
    It 'reports a closed port as ConnectionRefused and opens no session' {
        $port = Get-ClosedPort
        $errors = $null
        New-RescaleSession "udeprod.ttooPb@127.0.0.1:$port" -KeyFilePath $throwawayKey.PrivateKeyPath -KnownHostsPath $KnownHosts -ErrorAction SilentlyContinue -ErrorVariable errors |
            Should -BeNullOrEmpty
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'ConnectionRefused,RescaleSsh.Commands.NewRescaleSessionCommand'
        $errors[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        Get-RescaleSession -ComputerName 127.0.0.1 -ErrorAction SilentlyContinue | Where-Object Port -eq $port | Should -BeNullOrEmpty
    }

    Context 'on a device' -Skip:(-not $haveDevice) {
        AfterEach {
            Close-AllSessions
        }

        It 'opens a session I can reuse for several commands' {
            $s = New-RescaleSession $Device @Conn
            $s.State | Should -Be 'Opened'
            $s.ComputerName | Should -Be $DeviceHost
            $s.UserName | Should -Be $DeviceUser
            $s.Port | Should -Be $DevicePort
            (Test-RescaleConnection -Session $s).Authenticated | Should -BeTrue
            @(Get-RescaleAuthorizedKey -Session $s).Count | Should -BeGreaterThan 0
        }

        It 'records a new device in known_hosts with a warning showing its fingerprint (AcceptNew)' {
            $warnings = $null
            $fresh = Join-Path $TestDrive 'fresh_known_hosts'
            $s = New-RescaleSession $Device -KeyFilePath $LoginKey -KnownHostsPath $fresh -WarningVariable warnings -WarningAction SilentlyContinue
            "$($warnings[0])" | Should -BeLike "*$($s.HostKeyFingerprint)*"
            (Get-Content $fresh) -join "`n" | Should -BeLike "*$DeviceHost*"
        }

        It 'opens one session per device in a CSV file' {
            $csv = Join-Path $TestDrive 'devices.csv'
            Set-Content -Path $csv -Value 'IPAddress,Login,Port', "$DeviceHost,$DeviceUser,$DevicePort", "$DeviceHost,$DeviceUser,$DevicePort"
            $sessions = @(Import-Csv $csv | New-RescaleSession @Conn)
            $sessions.Count | Should -Be 2
            $sessions.State | Select-Object -Unique | Should -Be 'Opened'
        }

        It 'refuses a device whose host key differs from the pinned one, sending it nothing' {
            { New-RescaleSession $Device @Conn -HostKeyFingerprint 'SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s' -ErrorAction Stop } |
                Should -Throw -ErrorId 'HostKeyFingerprintMismatch,RescaleSsh.Commands.NewRescaleSessionCommand'
        }

        It 'refuses an unknown device under -HostKeyPolicy Strict' {
            $empty = Join-Path $TestDrive 'empty_known_hosts'
            { New-RescaleSession $Device -KeyFilePath $LoginKey -KnownHostsPath $empty -HostKeyPolicy Strict -ErrorAction Stop } |
                Should -Throw -ErrorId 'HostKeyUnknown,RescaleSsh.Commands.NewRescaleSessionCommand'
        }

        It 'accepts a device under -HostKeyPolicy Strict once known_hosts has its key' -Skip:(-not $haveHostKey) {
            $known = Join-Path $TestDrive 'strict_known_hosts'
            Set-Content -Path $known -Value (Get-DeviceKnownHostsLine)
            (New-RescaleSession $Device -KeyFilePath $LoginKey -KnownHostsPath $known -HostKeyPolicy Strict).State | Should -Be 'Opened'
        }

        It 'shows id, device and state in its table' {
            $s = New-RescaleSession $Device @Conn
            $text = $s | Out-String -Width 200
            $text | Should -BeLike "*$DeviceUser*"
            $text | Should -BeLike '*Opened*'
        }
    }
}
