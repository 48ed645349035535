function Get-PowerShellCommand {
    # The command line that starts this same PowerShell in a child process. Not (Get-Process -Id $PID).Path:
    # PowerShell installed as a .NET tool runs as `dotnet pwsh.dll`, so that path is dotnet itself.
    if ($PSVersionTable.PSEdition -eq 'Desktop') {
        return , @(Join-Path $PSHOME 'powershell.exe')
    }
    $processPath = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
    $processName = [System.IO.Path]::GetFileNameWithoutExtension($processPath)
    $pwshDll = Join-Path $PSHOME 'pwsh.dll'
    if ($processName -eq 'dotnet' -and (Test-Path -LiteralPath $pwshDll)) {
        return , @($processPath, $pwshDll)
    }
    if ($processName -eq 'pwsh') {
        return , @($processPath)
    }
    # Hosted elsewhere (an editor, a custom host): the pwsh beside this engine, else the one on PATH.
    foreach ($name in 'pwsh', 'pwsh.exe') {
        $candidate = Join-Path $PSHOME $name
        if (Test-Path -LiteralPath $candidate -PathType Leaf) {
            return , @($candidate)
        }
    }
    return , @('pwsh')
}
