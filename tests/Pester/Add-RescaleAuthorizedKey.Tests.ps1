# Add-RescaleAuthorizedKey, as a user meets it: the seed's
# cat KEY | ssh HOST 'mkdir -p ~/.ssh && ... >> ~/.ssh/authorized_keys', for one device or a CSV of them.
# Device tests need RESCALESSH_TEST_DEVICE and RESCALESSH_TEST_KEY; every key they add is removed again.

BeforeDiscovery {
    $haveDevice = [bool]$env:RESCALESSH_TEST_DEVICE -and [bool]$env:RESCALESSH_TEST_KEY
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestEnvironment.ps1')
}

Describe 'Add-RescaleAuthorizedKey' {
    It 'refuses a private key before connecting, and never shows it' {
        $pair = New-TestKey 'secret' 'secret'
        $secretLine = (Get-Content $pair.PrivateKeyPath)[1]
        $thrown = { Add-RescaleAuthorizedKey 'nobody@192.0.2.1' -PublicKeyPath $pair.PrivateKeyPath -ErrorAction Stop } |
            Should -Throw -ErrorId 'NotAPublicKey,RescaleSsh.Commands.AddRescaleAuthorizedKeyCommand' -PassThru
        "$thrown" | Should -Not -BeLike "*$secretLine*"
    }

    Context 'on a device' -Skip:(-not $haveDevice) {
        AfterEach {
            # Nothing stays on the device: remove every key these tests made (by comment), never the login key.
            Remove-RescaleAuthorizedKey $Device -Comment 'pester-add@*' @Conn -Confirm:$false | Out-Null
        }

        It 'adds a colleague''s key once; the second time it says AlreadyPresent' {
            $colleague = New-TestKey 'colleague' 'pester-add@colleague'
            $first = Add-RescaleAuthorizedKey $Device -PublicKeyPath $colleague.PublicKeyPath @Conn
            $first.Status | Should -Be 'Added'
            $first.Fingerprint | Should -Be $colleague.Fingerprint
            $first.Comment | Should -Be 'pester-add@colleague'
            (Add-RescaleAuthorizedKey $Device -PublicKeyPath $colleague.PublicKeyPath @Conn).Status | Should -Be 'AlreadyPresent'
            @(Get-RescaleAuthorizedKey $Device -Fingerprint $colleague.Fingerprint @Conn).Count | Should -Be 1
        }

        It 'installs a key pair straight from New-RescaleKeyPair through the pipeline' {
            $result = New-TestKey 'piped' 'pester-add@piped' | Add-RescaleAuthorizedKey -ComputerName $DeviceHost -UserName $DeviceUser -Port $DevicePort @Conn
            $result.Status | Should -Be 'Added'
            $result.ComputerName | Should -Be $DeviceHost
            $result.UserName | Should -Be $DeviceUser
        }

        It 'adds a key to every device in a CSV, and a device that is down is an error naming it while the others go on' {
            $colleague = New-TestKey 'fleet' 'pester-add@fleet'
            $down = Get-ClosedPort
            $csv = Join-Path $TestDrive 'devices.csv'
            Set-Content -Path $csv -Value 'ServerIP,HostId,Port', "$DeviceHost,$DeviceUser,$DevicePort", "127.0.0.1,udeprod.down,$down"
            $errors = $null
            $results = Import-Csv $csv | Add-RescaleAuthorizedKey -PublicKeyPath $colleague.PublicKeyPath @Conn -ErrorAction SilentlyContinue -ErrorVariable errors
            @($results).Count | Should -Be 1
            $results.Status | Should -Be 'Added'
            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -Be 'ConnectionRefused,RescaleSsh.Commands.AddRescaleAuthorizedKeyCommand'
            "$($errors[0].TargetObject)" | Should -BeLike "*:$down"
        }

        It 'says WouldAdd under -WhatIf and adds nothing' {
            $colleague = New-TestKey 'whatif' 'pester-add@whatif'
            (Add-RescaleAuthorizedKey $Device -PublicKeyPath $colleague.PublicKeyPath -WhatIf @Conn).Status | Should -Be 'WouldAdd'
            Get-RescaleAuthorizedKey $Device -Fingerprint $colleague.Fingerprint @Conn | Should -BeNullOrEmpty
        }

        It 'stops a script with -ErrorAction Stop when the login key is refused' {
            $stranger = New-TestKey 'stranger' 'pester-add@stranger'
            { Add-RescaleAuthorizedKey $Device -PublicKeyPath $stranger.PublicKeyPath -KeyFilePath $stranger.PrivateKeyPath -KnownHostsPath $KnownHosts -ErrorAction Stop } |
                Should -Throw -ErrorId 'AuthenticationFailed,RescaleSsh.Commands.AddRescaleAuthorizedKeyCommand'
        }

        It 'shows the device, status and fingerprint in its table' {
            $colleague = New-TestKey 'table' 'pester-add@table'
            $text = Add-RescaleAuthorizedKey $Device -PublicKeyPath $colleague.PublicKeyPath @Conn | Out-String -Width 200
            $text | Should -BeLike "*$DeviceUser*"
            $text | Should -BeLike '*Added*'
            $text | Should -BeLike "*$($colleague.Fingerprint.Substring(0, 20))*"
        }
    }
}
