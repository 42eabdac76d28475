# Remove-RescaleAuthorizedKey, as a user meets it: revoking a colleague's or a leaver's key.
# Device tests need RESCALESSH_TEST_DEVICE and RESCALESSH_TEST_KEY; every key they add is removed again.

BeforeDiscovery {
    $haveDevice = [bool]$env:RESCALESSH_TEST_DEVICE -and [bool]$env:RESCALESSH_TEST_KEY
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestEnvironment.ps1')
}

Describe 'Remove-RescaleAuthorizedKey' -Skip:(-not $haveDevice) {
    AfterEach {
        Remove-RescaleAuthorizedKey $Device -Comment 'pester-remove@*' @Conn -Confirm:$false | Out-Null
    }

    It 'revokes a key by fingerprint; the second time it says NotPresent' {
        $leaver = New-TestKey 'leaver' 'pester-remove@leaver'
        Add-RescaleAuthorizedKey $Device -PublicKeyPath $leaver.PublicKeyPath @Conn | Out-Null
        (Remove-RescaleAuthorizedKey $Device -Fingerprint $leaver.Fingerprint @Conn -Confirm:$false).Status | Should -Be 'Removed'
        Get-RescaleAuthorizedKey $Device -Fingerprint $leaver.Fingerprint @Conn | Should -BeNullOrEmpty
        (Remove-RescaleAuthorizedKey $Device -Fingerprint $leaver.Fingerprint @Conn -Confirm:$false).Status | Should -Be 'NotPresent'
    }

    It 'revokes the keys Get-RescaleAuthorizedKey finds, piped into it' {
        $a = New-TestKey 'contractor1' 'pester-remove@contractor-1'
        $b = New-TestKey 'contractor2' 'pester-remove@contractor-2'
        Add-RescaleAuthorizedKey $Device -PublicKeyPath $a.PublicKeyPath, $b.PublicKeyPath @Conn | Out-Null
        $removed = Get-RescaleAuthorizedKey $Device -Comment 'pester-remove@contractor-*' @Conn | Remove-RescaleAuthorizedKey @Conn -Confirm:$false
        @($removed).Count | Should -Be 2
        $removed.Status | Select-Object -Unique | Should -Be 'Removed'
        Get-RescaleAuthorizedKey $Device -Comment 'pester-remove@contractor-*' @Conn | Should -BeNullOrEmpty
    }

    It 'says WouldRemove under -WhatIf and keeps the key' {
        $kept = New-TestKey 'kept' 'pester-remove@kept'
        Add-RescaleAuthorizedKey $Device -PublicKeyPath $kept.PublicKeyPath @Conn | Out-Null
        (Remove-RescaleAuthorizedKey $Device -PublicKey $kept.PublicKey @Conn -WhatIf).Status | Should -Be 'WouldRemove'
        (Get-RescaleAuthorizedKey $Device -Fingerprint $kept.Fingerprint @Conn).Comment | Should -Be 'pester-remove@kept'
    }

    It 'will not lock me out: the key I logged in with stays unless -Force' {
        $login = Get-ToolFingerprint "$LoginKey.pub"
        Remove-RescaleAuthorizedKey $Device -Fingerprint $login @Conn -Confirm:$false -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $Error[0].FullyQualifiedErrorId | Should -Be 'LoginKeyProtected,RescaleSsh.Commands.RemoveRescaleAuthorizedKeyCommand'
        (Get-RescaleAuthorizedKey $Device -Fingerprint $login @Conn).Fingerprint | Should -Be $login
    }
}
