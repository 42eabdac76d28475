# Test-RescaleConnection, as a user meets it: is my device (or my fleet) reachable, known, and logging me in?
# Device tests need RESCALESSH_TEST_DEVICE and RESCALESSH_TEST_KEY.

BeforeDiscovery {
    $haveDevice = [bool]$env:RESCALESSH_TEST_DEVICE -and [bool]$env:RESCALESSH_TEST_KEY
    $haveHostKey = $haveDevice -and [bool]$env:RESCALESSH_TEST_HOST_KEY
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestEnvironment.ps1')
}

Describe 'Test-RescaleConnection' {
    It "refuses '<Device>' as DeviceInvalid, naming it" -ForEach @(
        @{ Device = 'user@' }
        @{ Device = '127.0.0.1' }
        @{ Device = '@127.0.0.1' }
        @{ Device = 'user@127.0.0.1:70000' }
    ) {
        $errors = $null
        Test-RescaleConnection $Device -KnownHostsPath $KnownHosts -ErrorAction SilentlyContinue -ErrorVariable errors | Should -BeNullOrEmpty
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'DeviceInvalid,RescaleSsh.Commands.TestRescaleConnectionCommand'
        $errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $errors[0].TargetObject | Should -Be $Device
    }

    It 'reports a closed port as a row saying connection refused, and -Quiet says $false, both without an error' {
        $port = Get-ClosedPort
        $errors = $null
        $row = Test-RescaleConnection "udeprod.ttooPb@127.0.0.1:$port" -KnownHostsPath $KnownHosts -ConnectTimeout 10 -ErrorVariable errors
        $row.Reachable | Should -BeFalse
        $row.Authenticated | Should -BeFalse
        $row.Error | Should -BeLike '*connection refused*'
        $errors | Should -BeNullOrEmpty
        $errors = $null
        $quiet = Test-RescaleConnection -ComputerName 127.0.0.1 -UserName udeprod.ttooPb -Port $port -KnownHostsPath $KnownHosts -Quiet -ErrorVariable errors
        $quiet | Should -BeOfType [bool]
        $quiet | Should -BeFalse
        $errors | Should -BeNullOrEmpty
    }

    It 'binds the columns of a Rescale CSV export: ServerIP, HostId and Port' {
        $port = Get-ClosedPort
        $errors = $null
        $row = "ServerIP,HostId,Port`n127.0.0.1,udeprod.ttooPb,$port" | ConvertFrom-Csv |
            Test-RescaleConnection -KnownHostsPath $KnownHosts -ErrorVariable errors
        $errors | Should -BeNullOrEmpty
        $row.ComputerName | Should -Be '127.0.0.1'
        $row.UserName | Should -Be 'udeprod.ttooPb'
        $row.Port | Should -Be $port
    }

    Context 'on a device' -Skip:(-not $haveDevice) {
        It 'says my device is reachable and logs me in, and shows its host key as New without recording it' {
            $result = Test-RescaleConnection $Device @Conn
            $result.Reachable | Should -BeTrue
            $result.Authenticated | Should -BeTrue
            $result.HostKeyStatus | Should -Be 'New'
            $result.HostKeyFingerprint | Should -BeLike 'SHA256:*'
            $result.ServerVersion | Should -BeLike 'SSH-2.0-*'
            $KnownHosts | Should -Not -Exist
        }

        It 'says Known for a device in known_hosts' -Skip:(-not $haveHostKey) {
            $known = Join-Path $TestDrive 'known'
            Set-Content -Path $known -Value (Get-DeviceKnownHostsLine)
            (Test-RescaleConnection $Device -KeyFilePath $LoginKey -KnownHostsPath $known).HostKeyStatus | Should -Be 'Known'
        }

        It 'says Authenticated False, with the reason, when the device refuses my key' {
            $stranger = New-TestKey 'stranger'
            $result = Test-RescaleConnection $Device -KeyFilePath $stranger.PrivateKeyPath -KnownHostsPath $KnownHosts
            $result.Reachable | Should -BeTrue
            $result.Authenticated | Should -BeFalse
            $result.Error | Should -Not -BeNullOrEmpty
        }

        It 'answers $true with -Quiet, for use in an if' {
            $ready = $false
            if (Test-RescaleConnection $Device @Conn -Quiet) { $ready = $true }
            $ready | Should -BeTrue
        }

        It 'shows the device, Reachable and Authenticated in its table' {
            $text = Test-RescaleConnection $Device @Conn | Out-String -Width 200
            $text | Should -BeLike "*$DeviceUser*"
            $text | Should -BeLike '*True*'
        }
    }
}
