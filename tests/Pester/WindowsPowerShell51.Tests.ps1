# The Pester files (and build.ps1) must run in Windows PowerShell 5.1: the PowerShell parser finds no syntax
# that only PowerShell 7 has (??, ??=, ?., ?[], ternary, && and ||, clean {}, ForEach-Object -Parallel, `u{})
# and no .NET (Core)-only API from a short list of the ones most easily reached for.

BeforeAll {
    $repo = (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath

    # Returns one line per PowerShell 7-only construct in the script text.
    function Find-PowerShell7Only {
        param([string] $Text)
        $tokens = $null; $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseInput($Text, [ref]$tokens, [ref]$errors)
        $coreOnlyTypes = 'System.Range', 'Range', 'System.Index', 'Index', 'System.HashCode', 'HashCode', 'System.Text.Rune',
            'Text.Rune', 'System.Half', 'Half', 'System.IO.UnixFileMode', 'IO.UnixFileMode', 'UnixFileMode'
        $coreOnlyMembers = 'GetRelativePath', 'SetUnixFileMode', 'GetUnixFileMode', 'ToHexString', 'FromHexString', 'ProcessPath', 'ProcessId'
        $ast.FindAll({ $true }, $true) | ForEach-Object {
            $node = $_
            $what = $null
            switch ($node.GetType().Name) {
                'TernaryExpressionAst' { $what = 'ternary ? :' }
                'PipelineChainAst' { $what = '&& or ||' }
                'BinaryExpressionAst' { if ("$($node.Operator)" -eq 'QuestionQuestion') { $what = '??' } }
                'AssignmentStatementAst' { if ("$($node.Operator)" -eq 'QuestionQuestionEquals') { $what = '??=' } }
                'ScriptBlockAst' { if ($node.PSObject.Properties['CleanBlock'] -and $node.CleanBlock) { $what = 'clean {} block' } }
                'TypeExpressionAst' { if ($coreOnlyTypes -contains $node.TypeName.FullName) { $what = "[$($node.TypeName.FullName)] (.NET Core only)" } }
                'TypeConstraintAst' { if ($coreOnlyTypes -contains $node.TypeName.FullName) { $what = "[$($node.TypeName.FullName)] (.NET Core only)" } }
                'CommandAst' {
                    $name = $node.GetCommandName()
                    if (@('ForEach-Object', '%', 'foreach') -contains $name) {
                        foreach ($element in $node.CommandElements) {
                            if ($element -is [System.Management.Automation.Language.CommandParameterAst] -and
                                @('Parallel', 'ThrottleLimit', 'AsJob', 'TimeoutSeconds', 'UseNewRunspace') -contains $element.ParameterName) {
                                $what = "ForEach-Object -$($element.ParameterName)"
                            }
                        }
                    }
                }
                'StringConstantExpressionAst' { if ("$($node.StringConstantType)" -like 'DoubleQuoted*' -and $node.Extent.Text -match '`u\{') { $what = '`u{} escape' } }
                'ExpandableStringExpressionAst' { if ($node.Extent.Text -match '`u\{') { $what = '`u{} escape' } }
            }
            if (-not $what -and $node.PSObject.Properties['NullConditional'] -and $node.NullConditional) { $what = '?. or ?[]' }
            if (-not $what -and $node -is [System.Management.Automation.Language.MemberExpressionAst] -and $node.Static -and
                $node.Member -is [System.Management.Automation.Language.StringConstantExpressionAst] -and $coreOnlyMembers -contains $node.Member.Value) {
                $what = "::$($node.Member.Value) (.NET Core only)"
            }
            if ($what) { "line $($node.Extent.StartLineNumber): $what" }
        }
        foreach ($line in ($Text -split "`n")) {
            if ($line -match '^\s*#requires\b.*(-Version\s+[67]|-PSEdition\s+Core)') { "#requires $($Matches[1])" }
        }
    }
}

Describe 'Windows PowerShell 5.1-clean scripts' {
    It 'finds each PowerShell 7-only construct it looks for (so the scan can fail)' -ForEach @(
        @{ Code = '$a = $b ? 1 : 2' }
        @{ Code = '$a = $b ?? 1' }
        @{ Code = '$a ??= 1' }
        @{ Code = '${a}?.Length' }
        @{ Code = '${a}?[0]' }
        @{ Code = 'git status && echo ok' }
        @{ Code = '1..3 | ForEach-Object -Parallel { $_ }' }
        @{ Code = '"`u{2713}"' }
        @{ Code = 'function f { clean { } }' }
        @{ Code = '[System.IO.Path]::GetRelativePath("a", "b")' }
        @{ Code = '[System.HashCode]::Combine(1, 2)' }
        @{ Code = '#Requires -Version 7.2' }
    ) {
        @(Find-PowerShell7Only $Code).Count | Should -BeGreaterThan 0
    }

    It 'finds nothing in 5.1 code' {
        Find-PowerShell7Only 'if ($a) { $b = 1 } else { $b = 2 }; $c = @(1, 2) | ForEach-Object { $_ * 2 }; "a`tb"; [IO.Path]::Combine("a", "b")' |
            Should -BeNullOrEmpty
    }

    It '<Name> has no PowerShell 7-only syntax or API' -ForEach @(
        @(Get-ChildItem -Path (Join-Path $PSScriptRoot '*.ps1')) + @(Get-Item (Join-Path $PSScriptRoot '../../build.ps1')) |
            ForEach-Object { @{ Name = $_.Name; Path = $_.FullName } }
    ) {
        Find-PowerShell7Only ([System.IO.File]::ReadAllText($Path)) | Should -BeNullOrEmpty
    }
}
