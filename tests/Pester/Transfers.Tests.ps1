# Pester 5 tests for Copy-RescaleItem, for machines with pwsh. They mirror behaviours the xunit suite
# (tests/RescaleSsh.Tests/Transfers) proves against a throwaway sshd; here they need a reachable device:
#   $env:RESCALESSH_TEST_DEVICE = 'user@host[:port]'   (a login whose home may receive scratch folders)
#   $env:RESCALESSH_TEST_KEY    = path to a private key that device accepts
# Without them those tests are reported as skipped.

BeforeDiscovery {
    $script:haveDevice = [bool]$env:RESCALESSH_TEST_DEVICE -and [bool]$env:RESCALESSH_TEST_KEY
}

BeforeAll {
    $repo = Split-Path (Split-Path $PSScriptRoot)
    Import-Module (Join-Path $repo 'out/RescaleSsh/RescaleSsh.psd1') -Force
    $device = $env:RESCALESSH_TEST_DEVICE
    $port = 22
    if ($device -match '^(.+@[^:]+):(\d+)$') { $device = $Matches[1]; $port = [int]$Matches[2] }
    $conn = @{ Port = $port; KeyFilePath = $env:RESCALESSH_TEST_KEY; KnownHostsPath = (Join-Path $TestDrive 'known_hosts') }
    function Remote([string] $path) { "${device}:$path" }
    $scratch = 'rescalessh-pester-' + [guid]::NewGuid().ToString('N').Substring(0, 8)
}

Describe 'Copy-RescaleItem' -Skip:(-not $haveDevice) {
    BeforeAll {
        $src = Join-Path $TestDrive 'src'
        New-Item -ItemType Directory -Path (Join-Path $src 'empty folder') -Force | Out-Null
        New-Item -ItemType Directory -Path (Join-Path $src 'sub') -Force | Out-Null
        Set-Content -Path (Join-Path $src "sub/it's a name.txt") -Value 'awkward' -NoNewline
        Set-Content -Path (Join-Path $src 'a.txt') -Value 'a' -NoNewline
        [IO.File]::WriteAllBytes((Join-Path $src 'empty.bin'), [byte[]]@())
        # DateTimeKind spelled out: with a string 'Utc' PowerShell picks the (..., int millisecond) overload.
        $stamp = [datetime]::new(2020, 1, 2, 3, 4, 5, [DateTimeKind]::Utc)
        Get-ChildItem $src -Recurse -File | ForEach-Object { $_.LastWriteTimeUtc = $stamp }
    }

    It 'uploads a tree into a new folder name and downloads it back identical, times included' {
        $up = Copy-RescaleItem -Path $src -Destination (Remote $scratch) -Recurse @conn
        $up.Count | Should -Be 3
        $up.Direction | Select-Object -Unique | Should -Be 'Upload'

        $back = Join-Path $TestDrive 'back'
        $down = Copy-RescaleItem -Path (Remote $scratch) -Destination $back -Recurse -Verify @conn
        $down.Status | Select-Object -Unique | Should -Be 'Copied'
        Test-Path (Join-Path $back 'empty folder') | Should -BeTrue
        Get-Content -Raw (Join-Path $back "sub/it's a name.txt") | Should -Be 'awkward'
        (Get-Item (Join-Path $back 'a.txt')).LastWriteTimeUtc | Should -Be $stamp
        foreach ($r in $down) { $r.Sha256 | Should -Match '^[0-9a-f]{64}$' }
    }

    It 'skips unchanged files with -Update' {
        $again = Copy-RescaleItem -Path (Join-Path $src '*') -Destination (Remote $scratch) -Recurse -Update @conn
        $again.Count | Should -Be 3
        $again.Status | Select-Object -Unique | Should -Be 'Skipped'
    }

    It 'reports a missing source as a non-terminating PathNotFound error' {
        $out = Copy-RescaleItem -Path (Remote "$scratch/no-such-file") -Destination $TestDrive @conn -ErrorVariable failed -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'PathNotFound,*'
    }
}

Describe 'Copy-RescaleItem without a device' {
    It 'refuses a copy with no remote side' {
        { Copy-RescaleItem -Path $TestDrive -Destination (Join-Path $TestDrive 'x') -ErrorAction Stop } | Should -Throw -ErrorId 'NoRemoteSide,RescaleSsh.Commands.CopyRescaleItemCommand'
    }
}
