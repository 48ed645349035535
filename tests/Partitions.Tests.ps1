#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.5.0' }

BeforeAll {
    . (Join-Path $PSScriptRoot 'PesterSupport.ps1')
    Import-Module -Name (Get-TestModuleManifest) -Force
    $script:Vectors = Get-TestVectorsFolder
    $script:Basic = Join-Path $script:Vectors 'images/basic.mpy.romfs'
    $script:Big = Join-Path $script:Vectors 'images/big.mpy.romfs'
    $script:Emulator = Start-BoardEmulator
    $script:Device = Connect-MicroPythonDevice -Port ('socket://{0}:{1}' -f $script:Emulator.Address, $script:Emulator.Port) -Timeout 10

    function Get-PartitionHash {
        param([int] $Partition)
        (Get-RomfsPartition -Device $script:Device -Partition $Partition).ImageHash
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

        $partitions.Partition | Should -Be @(0, 1)
        $partitions.Size | Should -Be @(262144, 65536)
        $partitions[0].GetType().FullName | Should -Be 'MicroPythonRomfs.Partitions.RomPartitionInfo'
    }

    It 'reports a partition the board does not have as RomPartitionNotFound' {
        { Get-RomfsPartition -Device $script:Device -Partition 7 -ErrorAction Stop } | Should -Throw -ErrorId 'RomPartitionNotFound,*'
    }
}

Describe 'Publish-RomfsImage' {
    It 'changes nothing with -WhatIf' {
        $before = Get-PartitionHash -Partition 1

        Publish-RomfsImage -Path $script:Basic -Device $script:Device -Partition 1 -WhatIf

        Get-PartitionHash -Partition 1 | Should -Be $before
    }

    It 'deploys an image, verified, and returns the result with -PassThru' {
        $result = Publish-RomfsImage -Path $script:Basic -Device $script:Device -Partition 1 -Force -PassThru

        $result.Verified | Should -BeTrue
        $result.BlocksWritten | Should -Be 1
        $result.ImageHash | Should -Be (Get-FileHash -LiteralPath $script:Basic -Algorithm SHA256).Hash.ToLowerInvariant()
        Get-PartitionHash -Partition 1 | Should -Be $result.ImageHash
    }

    It 'skips every block when the board already holds the image' {
        $result = Publish-RomfsImage -Path $script:Basic -Device $script:Device -Partition 1 -Force -PassThru

        $result.BlocksWritten | Should -Be 0
        $result.BlocksSkipped | Should -Be 1
    }

    It 'takes an image object from New-RomfsImage -PassThru' {
        $image = New-RomfsImage -Path (Join-Path $script:Vectors 'trees/deep') -OutFile (Join-Path $TestDrive 'deep.romfs') -PassThru

        $image | Publish-RomfsImage -Device $script:Device -Partition 1 -Force

        Get-PartitionHash -Partition 1 | Should -Be $image.ImageHash
    }

    It 'binds Device and Partition from Get-RomfsPartition output' {
        Get-RomfsPartition -Device $script:Device -Partition 1 | Publish-RomfsImage -Path $script:Basic -Force

        Get-PartitionHash -Partition 1 | Should -Be (Get-FileHash -LiteralPath $script:Basic -Algorithm SHA256).Hash.ToLowerInvariant()
    }

    It 'refuses an image too big for the partition as ImageTooBig, writing nothing' {
        $before = Get-PartitionHash -Partition 0

        { Publish-RomfsImage -Path $script:Big -Device $script:Device -Partition 0 -Force -ErrorAction Stop } | Should -Throw -ErrorId 'ImageTooBig,*'

        Get-PartitionHash -Partition 0 | Should -Be $before
    }
}

Describe 'Save-RomfsPartition' {
    It 'reads the deployed image back, byte for byte' {
        Publish-RomfsImage -Path $script:Basic -Device $script:Device -Partition 1 -Force
        $file = Join-Path $TestDrive 'saved.romfs'

        Save-RomfsPartition -OutFile $file -Device $script:Device -Partition 1

        (Get-FileHash -LiteralPath $file).Hash | Should -Be (Get-FileHash -LiteralPath $script:Basic).Hash
    }

    It 'writes nothing with -WhatIf' {
        $file = Join-Path $TestDrive 'whatif.romfs'

        Save-RomfsPartition -OutFile $file -Device $script:Device -Partition 1 -WhatIf

        Test-Path -LiteralPath $file | Should -BeFalse
    }

    It 'refuses to replace a file without -Force' {
        $file = Join-Path $TestDrive 'exists.romfs'
        Set-Content -LiteralPath $file -Value 'keep'

        { Save-RomfsPartition -OutFile $file -Device $script:Device -Partition 1 -ErrorAction Stop } | Should -Throw -ErrorId 'RomfsOutputExists,*'

        Get-Content -LiteralPath $file | Should -Be 'keep'
    }
}
