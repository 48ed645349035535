#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.5.0' }

# The partition cmdlets against upstream MicroPython firmware (../shared/rig, or $env:MPROMFS_RIG) served by socat
# over TCP, with upstream mpremote reading back what they wrote. A missing rig or socat fails, never skips.

BeforeAll {
    . (Join-Path $PSScriptRoot 'PesterSupport.ps1')
    Import-Module -Name (Get-TestModuleManifest) -Force
    $script:Vectors = Get-TestVectorsFolder
    $script:Rig = if ($env:MPROMFS_RIG) { $env:MPROMFS_RIG } else { Join-Path (Split-Path -Parent $script:RepoRoot) 'shared/rig' }
    $script:Mpremote = Join-Path $script:Rig 'bin/mpremote'
    $socat = (Get-Command -Name socat -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1).Source
    if (-not $socat) { throw 'socat was not found on PATH; the upstream-board tests need it (apt-get install socat).' }
    if (-not (Test-Path -LiteralPath (Join-Path $script:Rig 'bin/micropython-romfs'))) {
        throw "The upstream MicroPython rig was not found at $script:Rig. Set MPROMFS_RIG or place shared/rig beside the repository."
    }

    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    $tcpPort = $listener.LocalEndpoint.Port
    $listener.Stop()
    $script:FlashDir = Join-Path ([System.IO.Path]::GetTempPath()) ('mpromfs-rig-' + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $script:FlashDir | Out-Null
    $start = [System.Diagnostics.ProcessStartInfo]::new($socat)
    $exec = 'EXEC:' + (Join-Path $script:Rig 'bin/micropython-romfs')
    foreach ($argument in @('-d', '-d', "TCP-LISTEN:$tcpPort,bind=127.0.0.1,reuseaddr,fork", $exec)) {
        $start.ArgumentList.Add($argument)
    }
    $start.UseShellExecute = $false
    $start.RedirectStandardError = $true
    $start.Environment['RIG_FLASH_DIR'] = $script:FlashDir
    $start.Environment['RIG_ROM0_SIZE'] = '524288'
    $script:Socat = [System.Diagnostics.Process]::Start($start)
    $deadline = [DateTime]::UtcNow.AddSeconds(30)
    while ($true) {
        $line = $script:Socat.StandardError.ReadLine()
        if ($null -eq $line -or [DateTime]::UtcNow -gt $deadline) { throw 'socat did not start listening for the upstream board.' }
        if ($line -match 'listening on') { break }
    }
    $script:Log = $script:Socat.StandardError.ReadToEndAsync()
    $script:Port = "socket://127.0.0.1:$tcpPort"

    function Invoke-Mpremote {
        $output = & $script:Mpremote connect $script:Port @args 2>&1
        if ($LASTEXITCODE -ne 0) { throw "mpremote $args exited with ${LASTEXITCODE}: $output" }
        $output -join "`n"
    }
}

AfterAll {
    if ($script:Device) {
        Disconnect-MicroPythonDevice -Device $script:Device -ErrorAction SilentlyContinue
    }
    if ($script:Socat -and -not $script:Socat.HasExited) {
        $script:Socat.Kill($true)
        [void] $script:Socat.WaitForExit(10000)
    }
    if ($script:FlashDir) {
        Remove-Item -LiteralPath $script:FlashDir -Recurse -Force -ErrorAction SilentlyContinue
    }
    Remove-Module -Name MicroPythonRomfs -Force -ErrorAction SilentlyContinue
}

Describe 'Publish-RomfsImage on upstream firmware' {
    It 'writes <Name> so that mpremote reads back the same image, and Save-RomfsPartition gets it back' -ForEach @(
        @{ Name = 'basic.mpy.romfs' }, @{ Name = 'big.nompy.romfs' }, @{ Name = 'names.nompy.romfs' }
    ) {
        $image = Join-Path $script:Vectors "images/$Name"
        $bytes = [System.IO.File]::ReadAllBytes($image)
        $device = Connect-MicroPythonDevice -Port $script:Port -Timeout 20
        try {
            $result = Publish-RomfsImage -Path $image -Device $device -Partition 0 -Force -PassThru
            $result.Verified | Should -BeTrue
            $saved = Join-Path $script:FlashDir "saved-$Name"
            Save-RomfsPartition -OutFile $saved -Device $device -Partition 0
            (Get-FileHash -LiteralPath $saved -Algorithm SHA256).Hash | Should -Be (Get-FileHash -LiteralPath $image -Algorithm SHA256).Hash
        }
        finally {
            Disconnect-MicroPythonDevice -Device $device
        }

        $sha = [System.BitConverter]::ToString([System.Security.Cryptography.SHA256]::HashData($bytes)).Replace('-', '').ToLowerInvariant()
        $code = "import vfs,hashlib,binascii`nprint(binascii.hexlify(hashlib.sha256(memoryview(vfs.rom_ioctl(2,0))[:$($bytes.Length)]).digest()).decode())"
        (Invoke-Mpremote exec $code).Trim() | Should -Be $sha
    }
}

Describe 'Get-RomfsPartition on upstream firmware' {
    It 'sees the image mpremote deployed, with the hash of the file' {
        $image = Join-Path $script:Vectors 'images/premade.mpy.romfs'
        Invoke-Mpremote romfs deploy $image | Should -Match 'ROMFS image deployed'
        $device = Connect-MicroPythonDevice -Port $script:Port -Timeout 20
        try {
            $partition = Get-RomfsPartition -Device $device -Partition 0
            $partition.HasValidImage | Should -BeTrue
            $partition.ImageSize | Should -Be (Get-Item -LiteralPath $image).Length
            $partition.MountPoint | Should -Be '/rom'
        }
        finally {
            Disconnect-MicroPythonDevice -Device $device
        }
    }
}
