# Get-RescaleAuthorizedKey, as a user meets it: the seed's "cat ~/.ssh/authorized_keys", as objects.
# Device tests need RESCALESSH_TEST_DEVICE and RESCALESSH_TEST_KEY; they only read.

BeforeDiscovery {
    $haveDevice = [bool]$env:RESCALESSH_TEST_DEVICE -and [bool]$env:RESCALESSH_TEST_KEY
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestEnvironment.ps1')
}

Describe 'Get-RescaleAuthorizedKey' {
    It 'reads a local authorized_keys file in every form, keeps options, and warns about a bad line by number' {
        $a = New-TestKey 'a' 'alice@laptop'
        $file = Join-Path $TestDrive 'authorized_keys'
        $line = Get-Content $a.PublicKeyPath
        [IO.File]::WriteAllText($file, "$([char]0xFEFF)# comment`r`n`r`nfrom=`"10.0.0.1,10.0.0.2`",command=`"echo x y`" $line`r`nnot a key`n$line")
        $warnings = $null
        $keys = Get-RescaleAuthorizedKey -Path $file -WarningVariable warnings -WarningAction SilentlyContinue
        $keys.Count | Should -Be 2
        $keys[0].Options | Should -Be 'from="10.0.0.1,10.0.0.2",command="echo x y"'
        $keys[0].Comment | Should -Be 'alice@laptop'
        $keys[0].Fingerprint | Should -Be (Get-ToolFingerprint $a.PublicKeyPath)
        $keys[0].LineNumber | Should -Be 3
        $warnings.Count | Should -Be 1
        "$($warnings[0])" | Should -BeLike '*Line 4*'
    }

    It 'yields nothing, and no error, for a file that does not exist' {
        Get-RescaleAuthorizedKey -Path (Join-Path $TestDrive 'missing') -ErrorVariable errors | Should -BeNullOrEmpty
        $errors | Should -BeNullOrEmpty
    }

    It 'filters by -Comment wildcard and -Fingerprint' {
        $a = New-TestKey 'fa' 'alice@laptop'
        $b = New-TestKey 'fb' 'bob@desk'
        $file = Join-Path $TestDrive 'two_keys'
        Set-Content -Path $file -Value (Get-Content $a.PublicKeyPath), (Get-Content $b.PublicKeyPath)
        (Get-RescaleAuthorizedKey -Path $file -Comment 'bob@*').Fingerprint | Should -Be $b.Fingerprint
        (Get-RescaleAuthorizedKey -Path $file -Fingerprint $a.Fingerprint).Comment | Should -Be 'alice@laptop'
    }

    Context 'on a device' -Skip:(-not $haveDevice) {
        It 'lists the keys on my device, the login key among them' {
            $login = Get-ToolFingerprint "$LoginKey.pub"
            $keys = @(Get-RescaleAuthorizedKey $Device @Conn)
            $keys.Fingerprint | Should -Contain $login
            ($keys | Where-Object Fingerprint -eq $login).ComputerName | Should -Be $DeviceHost
            ($keys | Where-Object Fingerprint -eq $login).UserName | Should -Be $DeviceUser
        }

        It 'reads the devices listed in a CSV file' {
            $csv = Join-Path $TestDrive 'devices.csv'
            Set-Content -Path $csv -Value 'HostName,User,Port', "$DeviceHost,$DeviceUser,$DevicePort"
            $keys = @(Import-Csv $csv | Get-RescaleAuthorizedKey @Conn)
            $keys.Fingerprint | Should -Contain (Get-ToolFingerprint "$LoginKey.pub")
        }

        It 'shows the device, line, key type and fingerprint in its table' {
            $text = Get-RescaleAuthorizedKey $Device @Conn | Out-String -Width 200
            $text | Should -BeLike "*$DeviceUser*"
            $text | Should -Match '\bEd25519\b'
            $text | Should -BeLike "*$((Get-ToolFingerprint "$LoginKey.pub").Substring(0, 20))*"
        }
    }
}
