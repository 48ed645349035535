# Dot-sourced by the Pester files in BeforeAll: where the built module, its package, the docs and the golden
# vectors are; the board emulator's start and stop, over TCP and behind a socat pseudo-terminal; a child
# PowerShell.

$script:RepoRoot = Split-Path -Parent $PSScriptRoot
. (Join-Path $script:RepoRoot 'tools/pester/Get-PowerShellCommand.ps1')

function Get-TestModuleManifest {
    # build.ps1 -Task Test passes the module it built; otherwise use out/ as build.ps1 -Task Build lays it out.
    if ($env:MPROMFS_MODULE_MANIFEST) {
        return $env:MPROMFS_MODULE_MANIFEST
    }
    [xml] $props = Get-Content -LiteralPath (Join-Path $script:RepoRoot 'Directory.Build.props') -Raw
    $version = $props.SelectSingleNode('/Project/PropertyGroup/VersionPrefix').InnerText.Trim()
    $manifest = Join-Path $script:RepoRoot "out/MicroPythonRomfs/$version/MicroPythonRomfs.psd1"
    if (-not (Test-Path -LiteralPath $manifest)) {
        throw "The built module was not found at $manifest; run ./build.ps1 first."
    }
    return $manifest
}

function Get-TestModulePackage {
    # build.ps1 -Task Package writes out/MicroPythonRomfs.<version>.nupkg beside the module folder.
    $manifest = Get-TestModuleManifest
    $version = (Import-PowerShellDataFile -LiteralPath $manifest).ModuleVersion
    $package = Join-Path (Split-Path -Parent (Split-Path -Parent (Split-Path -Parent $manifest))) "MicroPythonRomfs.$version.nupkg"
    if (-not (Test-Path -LiteralPath $package)) {
        throw "The module package was not found at $package; run ./build.ps1 -Task Package first."
    }
    return $package
}

function Invoke-ChildPowerShell {
    # Runs a script block in a fresh, non-interactive PowerShell of the same kind as this one and returns its
    # output (deserialized). -Environment sets variables for the child only.
    param(
        [Parameter(Mandatory)] [scriptblock] $ScriptBlock,
        [object[]] $ArgumentList = @(),
        [hashtable] $Environment = @{}
    )

    $command = Get-PowerShellCommand
    $prefix = @($command | Select-Object -Skip 1)
    $saved = @{}
    foreach ($name in $Environment.Keys) {
        $saved[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $Environment[$name])
    }
    try {
        & $command[0] @prefix -NoProfile -NonInteractive -Command $ScriptBlock -args $ArgumentList
    }
    finally {
        foreach ($name in $saved.Keys) {
            [Environment]::SetEnvironmentVariable($name, $saved[$name])
        }
    }
}

function Invoke-WithStreams {
    # Runs a script block in a new runspace of this process with the built module imported, and returns what
    # every stream carried: Output, Progress, Verbose, Warning, Error. Progress records cannot be redirected,
    # so this is how tests see them. Device objects passed in -ArgumentList keep working there.
    param(
        [Parameter(Mandatory)] [scriptblock] $ScriptBlock,
        [object[]] $ArgumentList = @()
    )

    $shell = [powershell]::Create()
    try {
        [void] $shell.AddCommand('Import-Module').AddParameter('Name', (Get-TestModuleManifest)).AddStatement()
        [void] $shell.AddScript($ScriptBlock.ToString())
        foreach ($argument in $ArgumentList) {
            [void] $shell.AddArgument($argument)
        }
        $output = $shell.Invoke()
        return [pscustomobject]@{
            Output   = @($output)
            Progress = @($shell.Streams.Progress)
            Verbose  = @($shell.Streams.Verbose)
            Warning  = @($shell.Streams.Warning)
            Error    = @($shell.Streams.Error)
        }
    }
    finally {
        $shell.Dispose()
    }
}

function Get-TestVectorsFolder {
    if ($env:MPROMFS_VECTORS) {
        return $env:MPROMFS_VECTORS
    }
    return Join-Path (Split-Path -Parent $script:RepoRoot) 'shared/vectors'
}

function Get-DocsSynopsis {
    # The text under '## SYNOPSIS' in docs/<Name>.md, as one line.
    param([Parameter(Mandatory)] [string] $Name)

    $lines = Get-Content -LiteralPath (Join-Path $script:RepoRoot "docs/$Name.md")
    $start = [Array]::IndexOf($lines, '## SYNOPSIS')
    if ($start -lt 0) {
        throw "docs/$Name.md has no SYNOPSIS."
    }
    $text = @()
    for ($i = $start + 1; $i -lt $lines.Count -and -not $lines[$i].StartsWith('## '); $i++) {
        if ($lines[$i].Trim()) {
            $text += $lines[$i].Trim()
        }
    }
    return ($text -join ' ') -replace '\*\*|__', ''
}

function Start-BoardEmulator {
    # Starts tests/emulator/board.mjs on a free TCP port of 127.0.0.1 and waits for its READY line.
    # With -WebReplPassword it serves the emulator's WebREPL front instead (Url is then ws://127.0.0.1:N).
    param(
        [string[]] $ArgumentList = @(),
        [int] $TimeoutSeconds = 30,
        [string] $WebReplPassword
    )

    $board = Join-Path $script:RepoRoot 'tests/emulator/board.mjs'
    $start = New-Object System.Diagnostics.ProcessStartInfo
    $start.FileName = 'node'
    $listen = if ($WebReplPassword) { @('--webrepl', '0', '--password', $WebReplPassword) } else { @('--tcp', '0') }
    $start.Arguments = ((@($board) + $listen + $ArgumentList) | ForEach-Object { '"' + $_ + '"' }) -join ' '
    $start.UseShellExecute = $false
    $start.RedirectStandardError = $true
    $start.RedirectStandardInput = $true
    $process = [System.Diagnostics.Process]::Start($start)

    $readLine = $process.StandardError.ReadLineAsync()
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ($true) {
        $remaining = [int][Math]::Max(0, ($deadline - [DateTime]::UtcNow).TotalMilliseconds)
        if (-not $readLine.Wait($remaining)) {
            Stop-BoardEmulator -Emulator ([pscustomobject]@{ Process = $process })
            throw "The board emulator did not report READY within $TimeoutSeconds seconds."
        }
        $line = $readLine.Result
        if ($null -eq $line) {
            throw "The board emulator exited before it was ready (exit code $($process.ExitCode))."
        }
        if ($line -match '^READY (?<kind>tcp|webrepl)=(?<address>[\d.]+):(?<port>\d+)$') {
            return [pscustomobject]@{
                Process = $process
                Address = $Matches.address
                Port    = [int] $Matches.port
                # What Connect-MicroPythonDevice -Port takes.
                PortName = '{0}://{1}:{2}' -f $(if ($Matches.kind -eq 'tcp') { 'socket' } else { 'ws' }), $Matches.address, $Matches.port
                Url     = '{0}://{1}:{2}' -f $(if ($Matches.kind -eq 'tcp') { 'socket' } else { 'ws' }), $Matches.address, $Matches.port
                # Keeps reading what the emulator logs, so a full pipe never blocks it.
                Log     = $process.StandardError.ReadToEndAsync()
            }
        }
        $readLine = $process.StandardError.ReadLineAsync()
    }
}

function Start-SerialBoardEmulator {
    # The emulator behind a pseudo-terminal made by socat, as a USB serial board appears: PortName is a tty path that
    # the module opens with System.IO.Ports' SerialPort. One board process for the life of socat.
    param(
        [string[]] $ArgumentList = @(),
        [int] $TimeoutSeconds = 30
    )

    $socat = Get-Command -Name socat -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if (-not $socat) {
        throw 'socat is not installed; the serial tests need it (test.sh installs it: apt-get install socat).'
    }
    $state = Join-Path ([System.IO.Path]::GetTempPath()) ('mpromfs-pty-' + [guid]::NewGuid().ToString('n'))
    New-Item -ItemType Directory -Path $state | Out-Null
    $tty = Join-Path $state 'tty'
    $board = Join-Path $script:RepoRoot 'tests/emulator/board.mjs'
    $boardCommand = (@('node', $board, '--state', $state) + $ArgumentList) -join ' '

    $start = New-Object System.Diagnostics.ProcessStartInfo
    $start.FileName = $socat.Source
    $start.Arguments = ('pty,rawer,link={0} "EXEC:{1}"' -f $tty, $boardCommand)
    $start.UseShellExecute = $false
    $start.RedirectStandardError = $true
    $process = [System.Diagnostics.Process]::Start($start)
    $emulator = [pscustomobject]@{ Process = $process; State = $state; PortName = $tty; Log = $null }

    $readLine = $process.StandardError.ReadLineAsync()
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ($true) {
        $remaining = [int][Math]::Max(0, ($deadline - [DateTime]::UtcNow).TotalMilliseconds)
        if (-not $readLine.Wait($remaining)) {
            Stop-BoardEmulator -Emulator $emulator
            throw "The board emulator behind socat did not report READY within $TimeoutSeconds seconds."
        }
        $line = $readLine.Result
        if ($null -eq $line) {
            Stop-BoardEmulator -Emulator $emulator
            throw "socat or the board emulator exited before the board was ready (exit code $($process.ExitCode))."
        }
        if ($line -eq 'READY stdio' -and (Test-Path -LiteralPath $tty)) {
            $emulator.Log = $process.StandardError.ReadToEndAsync()
            return $emulator
        }
        $readLine = $process.StandardError.ReadLineAsync()
    }
}

function Stop-BoardEmulator {
    param([Parameter(Mandatory)] $Emulator)

    $process = $Emulator.Process
    if ($null -ne $process -and -not $process.HasExited) {
        # Killing is enough: the emulator keeps its state in a temporary folder. Behind socat, node is socat's
        # child: the whole tree goes.
        if ($PSVersionTable.PSEdition -eq 'Core') {
            $process.Kill($true)
        }
        else {
            # .NET Framework has no Kill(entireProcessTree); socat ends its child when it is killed.
            $process.Kill()
        }
        [void] $process.WaitForExit(10000)
    }
    $state = $Emulator.PSObject.Properties['State']
    if ($state -and $state.Value -and (Test-Path -LiteralPath $state.Value)) {
        Remove-Item -LiteralPath $state.Value -Recurse -Force -ErrorAction SilentlyContinue
    }
}
