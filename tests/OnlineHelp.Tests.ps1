#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.5.0' }

# The help story is honest: the help is installed with the module and has no online version, so -Online says so
# rather than opening someone else's page in the cmdlet's name.

BeforeAll {
    . (Join-Path $PSScriptRoot 'PesterSupport.ps1')
    Import-Module -Name (Get-TestModuleManifest) -Force
}

AfterAll {
    Remove-Module -Name MicroPythonRomfs -Force -ErrorAction SilentlyContinue
}

Describe 'Online help' {
    It 'gives no command a HelpUri, from its declaration or from a link in its help' {
        $withUri = Get-Command -Module MicroPythonRomfs | Where-Object HelpUri | ForEach-Object { '{0}: {1}' -f $_.Name, $_.HelpUri }

        $withUri | Should -BeNullOrEmpty
    }

    It 'says Get-Help -Online has no address to open, for <_>' -ForEach @('New-RomfsImage', 'Publish-RomfsImage', 'Get-MicroPythonDevice') {
        $failure = { Get-Help -Name $_ -Online -ErrorAction Stop } | Should -Throw -PassThru

        $failure.ToString() | Should -BeLike '*URI*not specified*'
    }
}

Describe 'What Get-Help says about parameters and output' {
    It 'says -<Parameter> of <Command> accepts wildcards, as it expands them' -ForEach @(
        @{ Command = 'New-RomfsImage'; Parameter = 'Path' }
        @{ Command = 'Get-RomfsItem'; Parameter = 'Path' }
        @{ Command = 'Expand-RomfsImage'; Parameter = 'Path' }
        @{ Command = 'Publish-RomfsImage'; Parameter = 'Path' }
        @{ Command = 'Connect-MicroPythonDevice'; Parameter = 'Port' }
        @{ Command = 'Connect-MicroPythonDevice'; Parameter = 'UsbId' }
        @{ Command = 'Connect-MicroPythonDevice'; Parameter = 'Description' }
        @{ Command = 'Get-MicroPythonPort'; Parameter = 'Name' }
        @{ Command = 'Get-MicroPythonDevice'; Parameter = 'Port' }
    ) {
        (Get-Help -Name $Command -Parameter $Parameter).globbing | Should -Be 'true'
    }

    It 'says -LiteralPath of <_> takes no wildcards' -ForEach @('New-RomfsImage', 'Get-RomfsItem', 'Expand-RomfsImage', 'Publish-RomfsImage') {
        (Get-Help -Name $_ -Parameter LiteralPath).globbing | Should -Be 'false'
    }

    It 'declares the device as the output of Disconnect-MicroPythonDevice -PassThru, not System.Void' {
        (Get-Command Disconnect-MicroPythonDevice).OutputType.Name | Should -Be 'MicroPythonRomfs.Device.MicroPythonDevice'
    }
}
