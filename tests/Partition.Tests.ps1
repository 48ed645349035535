#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.5.0' }

BeforeAll {
    . (Join-Path $PSScriptRoot 'PesterSupport.ps1')
    Import-Module -Name (Get-TestModuleManifest) -Force
    $script:Vectors = Get-TestVectorsFolder
    $script:BasicMpy = Join-Path $script:Vectors 'images/basic.mpy.romfs'
    $script:BasicNoMpy = Join-Path $script:Vectors 'images/basic.nompy.romfs'
    $script:BigImage = Join-Path $script:Vectors 'images/big.mpy.romfs'
    # The emulator's default layout, as on the board the vectors were recorded with: 262144 and 65536 bytes.
    $script:Emulator = Start-BoardEmulator
    $script:Device = Connect-MicroPythonDevice -Port ('socket://{0}:{1}' -f $script:Emulator.Address, $script:Emulator.Port) -Timeout 10

    function Get-Sha256 {
        param([string] $Path)
        (Get-FileHash -LiteralPath $Path -Algorithm SHA256).Hash.ToLowerInvariant()
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

Describe 'Get-RomfsPartition' {
    It 'describes every partition of the board' {
        $partitions = Get-RomfsPartition -Device $script:Device

        $partitions.Count | Should -Be 2
        $partitions[0].GetType().FullName | Should -Be 'MicroPythonRomfs.Partitions.RomPartitionInfo'
        $partitions.Size | Should -Be @(262144, 65536)
        $partitions[0].BlockSize | Should -Be 4096
    }

    It 'reports an unknown partition number as RomPartitionNotFound' {
        { Get-RomfsPartition -Device $script:Device -Partition 7 -ErrorAction Stop } | Should -Throw -ErrorId 'RomPartitionNotFound'
    }
}

Describe 'Publish-RomfsImage' {
    It 'changes nothing on the board with -WhatIf' {
        $before = Get-RomfsPartition -Device $script:Device -Partition 1

        Publish-RomfsImage -Path $script:BasicNoMpy -Device $script:Device -Partition 1 -WhatIf

        $after = Get-RomfsPartition -Device $script:Device -Partition 1
        $after.ImageHash | Should -Be $before.ImageHash
        $after.HasValidImage | Should -Be $before.HasValidImage
    }

    It 'deploys an image file, and the partition then holds exactly that image' {
        $result = Publish-RomfsImage -Path $script:BasicNoMpy -Device $script:Device -Partition 1 -Force -PassThru

        $result.GetType().FullName | Should -Be 'MicroPythonRomfs.Partitions.DeployResult'
        $result.Verified | Should -BeTrue
        $result.ImageHash | Should -Be (Get-Sha256 $script:BasicNoMpy)
        (Get-RomfsPartition -Device $script:Device -Partition 1).ImageHash | Should -Be (Get-Sha256 $script:BasicNoMpy)
    }

    It 'writes nothing when the partition already holds the image' {
        $result = Publish-RomfsImage -Path $script:BasicNoMpy -Device $script:Device -Partition 1 -Force -PassThru

        $result.BlocksWritten | Should -Be 0
    }

    It 'takes an image object from New-RomfsImage -PassThru through the pipeline, and mounts it with -Reset' {
        Copy-Item -LiteralPath (Join-Path $script:Vectors 'trees/basic') -Destination $TestDrive -Recurse
        $tree = Join-Path $TestDrive 'basic'

        New-RomfsImage -Path $tree -NoMpy -PassThru | Publish-RomfsImage -Device $script:Device -Partition 0 -Reset -Force

        (Get-RomfsPartition -Device $script:Device -Partition 0).ImageHash | Should -Be (Get-Sha256 $script:BasicNoMpy)
        Invoke-MicroPython -Device $script:Device -Command "import os; print(sorted(os.listdir('/rom')))" |
            Should -Be "['config.py', 'data', 'lib', 'main.py']"
    }

    It 'refuses an image larger than the partition, writing nothing' {
        $before = Get-RomfsPartition -Device $script:Device -Partition 0

        { Publish-RomfsImage -Path $script:BigImage -Device $script:Device -Partition 0 -Force -ErrorAction Stop } | Should -Throw -ErrorId 'ImageTooBig'

        (Get-RomfsPartition -Device $script:Device -Partition 0).ImageHash | Should -Be $before.ImageHash
    }
}

Describe 'Save-RomfsPartition' {
    It 'saves the image on a partition, byte for byte' {
        $out = Join-Path $TestDrive 'saved.romfs'

        Save-RomfsPartition -OutFile $out -Device $script:Device -Partition 1

        Get-Sha256 $out | Should -Be (Get-Sha256 $script:BasicNoMpy)
    }

    It 'saves the whole partition with -WholePartition' {
        $out = Join-Path $TestDrive 'whole.bin'

        $file = Save-RomfsPartition -OutFile $out -Device $script:Device -Partition 1 -WholePartition -PassThru

        $file.Length | Should -Be 65536
    }

    It 'binds -Device and -Partition from a piped partition object' {
        $out = Join-Path $TestDrive 'piped.romfs'

        Get-RomfsPartition -Device $script:Device -Partition 1 | Save-RomfsPartition -OutFile $out

        Get-Sha256 $out | Should -Be (Get-Sha256 $script:BasicNoMpy)
    }

    It 'writes nothing with -WhatIf, and keeps an existing file without -Force' {
        $out = Join-Path $TestDrive 'kept.romfs'

        Save-RomfsPartition -OutFile $out -Device $script:Device -Partition 1 -WhatIf
        Test-Path -LiteralPath $out | Should -BeFalse

        Set-Content -LiteralPath $out -Value 'keep me'
        { Save-RomfsPartition -OutFile $out -Device $script:Device -Partition 1 -ErrorAction Stop } | Should -Throw -ErrorId 'RomfsOutputExists'
        Get-Content -LiteralPath $out | Should -Be 'keep me'
    }
}
