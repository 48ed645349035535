#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.5.0' }

BeforeAll {
    . (Join-Path $PSScriptRoot 'PesterSupport.ps1')
    Import-Module -Name (Get-TestModuleManifest) -Force
    $script:Assembly = (Get-Command New-RomfsImage).ImplementingType.Assembly

    function Get-MappedRecord {
        param([string] $Mapper, [Exception] $Exception, $Target)
        $type = $script:Assembly.GetType("MicroPythonRomfs.PowerShell.$Mapper", $true)
        $type.GetMethod('FromException', [Reflection.BindingFlags] 'Public, Static').Invoke($null, @($Exception, $Target))
    }
}

AfterAll {
    Remove-Module -Name MicroPythonRomfs -Force -ErrorAction SilentlyContinue
}

Describe 'Exceptions no mapping expects' {
    It 'become an InternalError record that says it is a bug and names the type (<Mapper>)' -ForEach @(
        @{ Mapper = 'RomfsErrorRecords' }, @{ Mapper = 'DeviceErrorRecords' }, @{ Mapper = 'PartitionErrorRecords' }
    ) {
        $record = Get-MappedRecord -Mapper $Mapper -Exception ([InvalidCastException]::new('Unable to cast.')) -Target 'target'

        $record.FullyQualifiedErrorId | Should -Be 'InternalError'
        $record.ErrorDetails.Message | Should -Match 'bug'
        $record.ErrorDetails.Message | Should -Match 'System\.InvalidCastException'
        $record.TargetObject | Should -Be 'target'
    }

    It 'treat a malformed board answer as invalid data, not as a bug' {
        $record = Get-MappedRecord -Mapper 'PartitionErrorRecords' -Exception ([FormatException]::new('COM3 answered the capability probe unexpectedly.')) -Target $null

        $record.FullyQualifiedErrorId | Should -Be 'UnexpectedAnswer'
        $record.CategoryInfo.Category | Should -Be 'InvalidData'
    }

    It 'leave cancellation to stop the pipeline' {
        Get-MappedRecord -Mapper 'PartitionErrorRecords' -Exception ([OperationCanceledException]::new()) -Target $null | Should -BeNullOrEmpty
    }
}

Describe 'Special files' -Skip:$IsWindows {
    It 'Get-RomfsItem refuses a FIFO given as an image without waiting for a writer' {
        $fifo = Join-Path $TestDrive 'image.romfs'
        & mkfifo $fifo
        $LASTEXITCODE | Should -Be 0

        { Get-RomfsItem -LiteralPath $fifo -ErrorAction Stop } | Should -Throw -ErrorId 'RomfsSourceNotUsable,*'
    }
}
