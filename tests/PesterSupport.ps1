# Dot-sourced by the Pester files in BeforeAll: where the built module, the docs and the golden vectors are,
# and the board emulator's start and stop.

$script:RepoRoot = Split-Path -Parent $PSScriptRoot

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
                Url     = '{0}://{1}:{2}' -f $(if ($Matches.kind -eq 'tcp') { 'socket' } else { 'ws' }), $Matches.address, $Matches.port
                # Keeps reading what the emulator logs, so a full pipe never blocks it.
                Log     = $process.StandardError.ReadToEndAsync()
            }
        }
        $readLine = $process.StandardError.ReadLineAsync()
    }
}

function Stop-BoardEmulator {
    param([Parameter(Mandatory)] $Emulator)

    $process = $Emulator.Process
    if ($null -ne $process -and -not $process.HasExited) {
        # Closing stdin and killing is enough: the emulator keeps its state in a temporary folder.
        $process.Kill()
        [void] $process.WaitForExit(10000)
    }
}
