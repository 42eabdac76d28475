# Copy-RescaleItem, as a user meets it: FileZilla's upload and download, shaped like Copy-Item.
# Device tests need RESCALESSH_TEST_DEVICE and RESCALESSH_TEST_KEY; they work in one scratch folder on the
# device, removed again afterwards (AfterAll), so nothing is left behind.

BeforeDiscovery {
    $haveDevice = [bool]$env:RESCALESSH_TEST_DEVICE -and [bool]$env:RESCALESSH_TEST_KEY
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestEnvironment.ps1')
}

Describe 'Copy-RescaleItem' {
    It 'refuses a copy where neither side is a device: NoRemoteSide' {
        { Copy-RescaleItem -Path $TestDrive -Destination (Join-Path $TestDrive 'x') -ErrorAction Stop } |
            Should -Throw -ErrorId 'NoRemoteSide,RescaleSsh.Commands.CopyRescaleItemCommand'
    }

    Context 'on a device' -Skip:(-not $haveDevice) {
        BeforeAll {
            $scratch = New-ScratchName
            $src = Join-Path $TestDrive 'results'
            New-Item -ItemType Directory -Path (Join-Path $src 'empty folder') -Force | Out-Null
            New-Item -ItemType Directory -Path (Join-Path $src 'sub') -Force | Out-Null
            Set-Content -Path (Join-Path $src "sub/it's a name.txt") -Value 'awkward' -NoNewline
            Set-Content -Path (Join-Path $src 'a.txt') -Value 'a' -NoNewline
            Set-Content -Path (Join-Path $src 'scratch.tmp') -Value 'temporary' -NoNewline
            [IO.File]::WriteAllBytes((Join-Path $src 'empty.bin'), [byte[]]@())
            # DateTimeKind spelled out: with a string 'Utc' PowerShell picks the (..., int millisecond) overload.
            $stamp = New-Object DateTime 2020, 1, 2, 3, 4, 5, ([DateTimeKind]::Utc)
            Get-ChildItem $src -Recurse -File | ForEach-Object { $_.LastWriteTimeUtc = $stamp }
        }

        AfterAll {
            Close-AllSessions
            Remove-DeviceItem $scratch
        }

        It 'uploads a folder into a new folder name and downloads it back identical, times included' {
            $up = Copy-RescaleItem -Path $src -Destination "$RemotePrefix$scratch" -Recurse -Exclude '*.tmp' @RemoteConn
            @($up).Count | Should -Be 3
            $up.Direction | Select-Object -Unique | Should -Be 'Upload'

            $back = Join-Path $TestDrive 'back'
            $down = Copy-RescaleItem -Path "$RemotePrefix$scratch" -Destination $back -Recurse -Verify @RemoteConn
            $down.Status | Select-Object -Unique | Should -Be 'Copied'
            Join-Path $back 'empty folder' | Should -Exist
            Join-Path $back 'scratch.tmp' | Should -Not -Exist
            Get-Content -Raw (Join-Path $back "sub/it's a name.txt") | Should -Be 'awkward'
            (Get-Item (Join-Path $back 'a.txt')).LastWriteTimeUtc | Should -Be $stamp
            foreach ($result in $down) { $result.Sha256 | Should -Match '^[0-9a-f]{64}$' }
        }

        It 'skips unchanged files with -Update, so a scheduled job can run again and again' {
            $again = Copy-RescaleItem -Path (Join-Path $src '*') -Destination "$RemotePrefix$scratch" -Recurse -Update -Exclude '*.tmp' @RemoteConn
            @($again).Count | Should -Be 3
            $again.Status | Select-Object -Unique | Should -Be 'Skipped'
        }

        It 'downloads only what -Include names, through a session opened once' {
            $session = New-RescaleSession $Device @Conn
            try {
                $into = Join-Path $TestDrive 'only-txt'
                $copied = Copy-RescaleItem -FromSession $session -Path $scratch -Destination $into -Recurse -Include '*.txt'
                @($copied).Count | Should -Be 2
                @(Get-ChildItem $into -Recurse -File).Count | Should -Be 2
            }
            finally {
                Remove-RescaleSession $session
            }
        }

        It 'copies nothing under -WhatIf' {
            $name = "$scratch/whatif"
            Copy-RescaleItem -Path (Join-Path $src 'a.txt') -Destination "$RemotePrefix$name" -WhatIf @RemoteConn
            Copy-RescaleItem -Path "$RemotePrefix$name" -Destination (Join-Path $TestDrive 'whatif.txt') @RemoteConn -ErrorAction SilentlyContinue |
                Should -BeNullOrEmpty
            $Error[0].FullyQualifiedErrorId | Should -BeLike 'PathNotFound,*'
        }

        It 'reports a missing source as a non-terminating PathNotFound error naming it, and goes on with the rest' {
            $errors = $null
            $into = Join-Path $TestDrive 'partly'
            New-Item -ItemType Directory -Path $into | Out-Null
            $out = Copy-RescaleItem -Path "$RemotePrefix$scratch/no-such-file", "$RemotePrefix$scratch/a.txt" -Destination $into @RemoteConn -ErrorVariable errors -ErrorAction SilentlyContinue
            @($out).Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -Be 'PathNotFound,RescaleSsh.Commands.CopyRescaleItemCommand'
            "$($errors[0].TargetObject)" | Should -BeLike '*no-such-file*'
        }

        It 'shows direction, status and the file in its table' {
            $text = Copy-RescaleItem -Path (Join-Path $src 'a.txt') -Destination "$RemotePrefix$scratch/shown.txt" @RemoteConn | Out-String -Width 250
            $text | Should -BeLike '*Upload*'
            $text | Should -BeLike '*Copied*'
            $text | Should -BeLike '*a.txt*'
        }
    }
}
