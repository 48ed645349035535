#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.5.0' }

BeforeAll {
    . (Join-Path $PSScriptRoot 'PesterSupport.ps1')
    $script:Manifest = Get-TestModuleManifest
    Import-Module -Name $script:Manifest -Force
    $script:Emulator = Start-BoardEmulator
    $script:Device = Connect-MicroPythonDevice -Port ('socket://{0}:{1}' -f $script:Emulator.Address, $script:Emulator.Port) -Timeout 10

    function New-WatchTree {
        $tree = Join-Path ([System.IO.Path]::GetTempPath()) ('mpromfs-watch-' + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $tree | Out-Null
        Set-Content -LiteralPath (Join-Path $tree 'main.py') -Value (Get-Program 0)
        Set-Content -LiteralPath (Join-Path $tree 'helper.py') -Value "NAME = 'h0'"
        $tree
    }

    function Get-Program([int] $Version) {
        "import time`nimport helper`nprint('v$Version', helper.NAME)`nwhile True:`n    time.sleep(0.05)"
    }

    # Watch-RomfsProject runs until Ctrl+C: run it in its own runspace and stop it as Ctrl+C does.
    function Start-Watch {
        param([string] $Tree, [hashtable] $Parameters = @{})

        $runspace = [runspacefactory]::CreateRunspace()
        $runspace.Open()
        # The module is imported by a pipeline of its own: a batch of statements would append the stop to an error
        # stream that Dispose has closed, on a pool thread, and take the whole process down.
        $import = [powershell]::Create()
        $import.Runspace = $runspace
        $null = $import.AddCommand('Import-Module').AddParameter('Name', $script:Manifest).Invoke()
        $import.Dispose()
        $shell = [powershell]::Create()
        $shell.Runspace = $runspace
        $null = $shell.AddCommand('Watch-RomfsProject').AddParameter('Path', $Tree).AddParameter('Device', $script:Device).AddParameter('Force')
        foreach ($name in $Parameters.Keys) {
            $null = $shell.AddParameter($name, $Parameters[$name])
        }
        $inputData = [System.Management.Automation.PSDataCollection[psobject]]::new()
        $inputData.Complete()
        $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
        [pscustomobject]@{
            Shell    = $shell
            Runspace = $runspace
            Output   = $output
            Handle   = $shell.BeginInvoke($inputData, $output)
        }
    }

    function Wait-Until {
        param([scriptblock] $Condition, [string] $What, [int] $TimeoutSeconds = 120)

        $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
        while (-not (& $Condition)) {
            if ([DateTime]::UtcNow -gt $deadline) {
                throw "Timed out waiting for $What."
            }
            Start-Sleep -Milliseconds 100
        }
    }

    function Get-BoardLines($Watch) {
        @($Watch.Shell.Streams.Information | Where-Object { $_.Tags -contains 'MicroPythonOutput' } | ForEach-Object { "$($_.MessageData)" })
    }

    function Stop-Watch($Watch) {
        $Watch.Shell.Stop()
        $Watch.Shell.Dispose()
        $Watch.Runspace.Dispose()
    }
}

AfterAll {
    if ($script:Device) {
        Disconnect-MicroPythonDevice -Device $script:Device -ErrorAction SilentlyContinue
    }
    if ($script:Emulator) {
        Stop-BoardEmulator -Emulator $script:Emulator
    }
    Remove-Module -Name MicroPythonRomfs -Force -ErrorAction SilentlyContinue
}

Describe 'Watch-RomfsProject' {
    It 'changes nothing with -WhatIf' {
        $tree = New-WatchTree
        try {
            $before = (Get-RomfsPartition -Device $script:Device -Partition 0).ImageHash

            Watch-RomfsProject -Path $tree -Device $script:Device -WhatIf

            (Get-RomfsPartition -Device $script:Device -Partition 0).ImageHash | Should -Be $before
        }
        finally {
            Remove-Item -LiteralPath $tree -Recurse -Force
        }
    }

    It 'refuses a path that does not exist, and a file' {
        { Watch-RomfsProject -LiteralPath (Join-Path $TestDrive 'missing') -Device $script:Device -Force -ErrorAction Stop } |
            Should -Throw -ErrorId 'PathNotFound,MicroPythonRomfs.PowerShell.Commands.WatchRomfsProjectCommand'
        $file = Join-Path $TestDrive 'app.py'
        Set-Content -LiteralPath $file -Value 'x = 1'
        { Watch-RomfsProject -LiteralPath $file -Device $script:Device -Force -ErrorAction Stop } |
            Should -Throw -ErrorId 'SourceFolderNotFound,MicroPythonRomfs.PowerShell.Commands.WatchRomfsProjectCommand'
    }

    It 'refuses a -Run value that is not a module name' {
        { Watch-RomfsProject -Path $TestDrive -Device $script:Device -Run 'main; import os' -Force -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,MicroPythonRomfs.PowerShell.Commands.WatchRomfsProjectCommand'
    }

    It 'runs every good edit, deploys nothing for a bad one, and leaves the last good image on the board' {
        $tree = New-WatchTree
        $watch = Start-Watch -Tree $tree -Parameters @{ DeltaLayout = $true }
        try {
            Wait-Until { (Get-BoardLines $watch) -contains 'v0 h0' } 'the first run'
            Wait-Until { $watch.Output.Count -ge 1 } 'the first iteration'

            Set-Content -LiteralPath (Join-Path $tree 'main.py') -Value (Get-Program 1)
            Wait-Until { (Get-BoardLines $watch) -contains 'v1 h0' } 'the first edit to run'
            Wait-Until { $watch.Output.Count -ge 2 } 'the second iteration'

            Set-Content -LiteralPath (Join-Path $tree 'main.py') -Value "import helper`nprint('v2'`n"
            Wait-Until { $watch.Output.Count -ge 3 } 'the bad edit'

            Set-Content -LiteralPath (Join-Path $tree 'helper.py') -Value "NAME = 'h3'"
            Wait-Until { $watch.Output.Count -ge 4 } 'the edit after the bad one'
        }
        finally {
            Stop-Watch $watch
        }

        $iterations = @($watch.Output)
        $iterations[0].GetType().FullName | Should -Be 'MicroPythonRomfs.Watch.WatchIteration'
        $iterations[1].ChangedFiles | Should -Be @('main.py')
        $iterations[1].Succeeded | Should -BeTrue
        $iterations[1].CompiledFiles | Should -Be 1
        $iterations[1].DeltaLayout | Should -BeTrue
        $iterations[1].Milliseconds | Should -BeGreaterThan 0
        $iterations[2].Succeeded | Should -BeFalse
        $iterations[2].ErrorId | Should -Be 'CompileError'
        $iterations[2].ErrorFile | Should -Be 'main.py'
        $iterations[2].ErrorLine | Should -BeGreaterThan 0
        $iterations[2].BytesSent | Should -Be 0
        $iterations[3].Succeeded | Should -BeFalse
        $iterations[3].ErrorFile | Should -Be 'main.py'
        (Get-BoardLines $watch) | Should -Not -Contain 'v2 h0'
        (Get-RomfsPartition -Device $script:Device -Partition 0).ImageHash | Should -Be $iterations[1].ImageHash
        Remove-Item -LiteralPath $tree -Recurse -Force
    }

    It 'has a table view for its iterations' {
        $view = Get-FormatData -TypeName 'MicroPythonRomfs.Watch.WatchIteration'
        $view | Should -Not -BeNullOrEmpty
    }
}
