# .github/workflows/ci.yml, which only a GitHub mirror runs: it must be valid YAML, and its Linux and Windows
# jobs must run the same Pester suite that .ci/run runs here. Parsed with YamlDotNet (restored by
# `dotnet restore tools/TestTools`; RESCALESSH_YAMLDOTNET names its package folder).

BeforeAll {
    $repo = (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath
    $suiteEntry = 'tests/Pester/Invoke-PesterSuite.ps1'
    if (-not $env:RESCALESSH_YAMLDOTNET) {
        throw 'Set RESCALESSH_YAMLDOTNET to the YamlDotNet package folder (dotnet restore tools/TestTools puts it in the NuGet cache; tests/run-tests.sh sets it).'
    }
    $framework = 'netstandard2.0'
    if ($PSVersionTable.PSEdition -eq 'Desktop') { $framework = 'net47' }
    Add-Type -Path (Join-Path $env:RESCALESSH_YAMLDOTNET "lib/$framework/YamlDotNet.dll")

    $stream = New-Object YamlDotNet.RepresentationModel.YamlStream
    $stream.Load((New-Object System.IO.StringReader ([System.IO.File]::ReadAllText((Join-Path $repo '.github/workflows/ci.yml')))))
    $root = $stream.Documents[0].RootNode

    # A mapping node's value by key, or $null.
    function Get-Child {
        param($Node, [string] $Key)
        foreach ($entry in $Node.Children.GetEnumerator()) {
            # The comma keeps PowerShell from unrolling a mapping or sequence node (they are enumerable).
            if ($entry.Key.Value -eq $Key) { return , $entry.Value }
        }
        $null
    }

    # The jobs as @{ Name; RunsOn; Steps = @(@{ Shell; Run; Uses }) }.
    $jobs = @()
    foreach ($job in (Get-Child $root 'jobs').Children.GetEnumerator()) {
        $steps = @()
        foreach ($step in (Get-Child $job.Value 'steps').Children) {
            $shell = Get-Child $step 'shell'; $run = Get-Child $step 'run'; $uses = Get-Child $step 'uses'
            $steps += @{
                Shell = $(if ($shell) { $shell.Value } else { '' })
                Run   = $(if ($run) { $run.Value } else { '' })
                Uses  = $(if ($uses) { $uses.Value } else { '' })
            }
        }
        $jobs += @{ Name = $job.Key.Value; RunsOn = (Get-Child $job.Value 'runs-on').Value; Steps = $steps }
    }
}

Describe 'The GitHub workflow' {
    It 'is valid YAML with a trigger and jobs' {
        Get-Child $root 'on' | Should -Not -BeNullOrEmpty
        $jobs.Count | Should -BeGreaterOrEqual 2
    }

    It 'runs .ci/run on ubuntu-latest, as CI does here' {
        $linux = @($jobs | Where-Object { $_.RunsOn -eq 'ubuntu-latest' })
        $linux.Count | Should -Be 1
        ($linux[0].Steps | Where-Object { $_.Run -match '(^|\s)(bash\s+)?\.ci/run(\s|$)' }) | Should -Not -BeNullOrEmpty
    }

    It 'runs .ci/run -> tests/run-tests.sh -> the one Pester entry point, which runs every tests/Pester/*.Tests.ps1' {
        Get-Content (Join-Path $repo '.ci/run') -Raw | Should -Match 'tests/run-tests\.sh'
        Get-Content (Join-Path $repo 'tests/run-tests.sh') -Raw | Should -Match ([regex]::Escape($suiteEntry))
        Get-Content (Join-Path $repo $suiteEntry) -Raw | Should -Match '\$configuration\.Run\.Path = \$PSScriptRoot'
    }

    It 'runs that same Pester entry point on windows-latest in Windows PowerShell 5.1 and in pwsh' {
        $windows = @($jobs | Where-Object { $_.RunsOn -eq 'windows-latest' })
        $windows.Count | Should -Be 1
        foreach ($shell in 'powershell', 'pwsh') {
            $pester = @($windows[0].Steps | Where-Object { $_.Shell -eq $shell -and $_.Run.Contains($suiteEntry) })
            $pester.Count | Should -Be 1 -Because "one step runs the suite with shell: $shell"
            $pester[0].Run | Should -Match "(^|\s)$shell\s+-NoProfile"
        }
    }

    It 'gives the Windows job a device, so its device tests do not skip' {
        $windows = @($jobs | Where-Object { $_.RunsOn -eq 'windows-latest' })[0]
        $all = ($windows.Steps | ForEach-Object { $_.Run }) -join "`n"
        $all | Should -Match 'Add-WindowsCapability -Online -Name OpenSSH\.Server'
        foreach ($variable in 'RESCALESSH_TEST_DEVICE', 'RESCALESSH_TEST_KEY', 'RESCALESSH_TEST_HOST_KEY', 'RESCALESSH_TEST_DEVICE_HOME') {
            $all | Should -Match "$variable="
        }
    }
}
