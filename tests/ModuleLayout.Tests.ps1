#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.5.0' }

BeforeAll {
    . (Join-Path $PSScriptRoot 'PesterSupport.ps1')
    $script:ManifestPath = Get-TestModuleManifest
    $script:ModuleBase = Split-Path -Parent $script:ManifestPath
}

Describe 'The module folder that build.ps1 assembles' {
    It 'is named <module>/<version>, as Install-Module and Publish-Module lay modules out' {
        $version = (Import-PowerShellDataFile -LiteralPath $script:ManifestPath).ModuleVersion
        Split-Path -Leaf $script:ModuleBase | Should -Be $version
        Split-Path -Leaf (Split-Path -Parent $script:ModuleBase) | Should -Be 'MicroPythonRomfs'
    }

    It 'holds the assemblies Windows PowerShell needs, and not System.Management.Automation' {
        $names = (Get-ChildItem -LiteralPath $script:ModuleBase -Filter *.dll).Name
        foreach ($required in 'MicroPythonRomfs.dll', 'MicroPythonRomfs.Core.dll', 'System.Memory.dll', 'System.Buffers.dll', 'Microsoft.Bcl.AsyncInterfaces.dll') {
            $names | Should -Contain $required
        }
        $names | Should -Not -Contain 'System.Management.Automation.dll'
    }

    It 'holds the manifest, the format file and the help files' {
        foreach ($file in 'MicroPythonRomfs.psd1', 'MicroPythonRomfs.format.ps1xml', 'en-US/MicroPythonRomfs.dll-Help.xml', 'en-US/about_MicroPythonRomfs.help.txt') {
            Test-Path -LiteralPath (Join-Path $script:ModuleBase $file) | Should -BeTrue -Because "$file belongs in the module"
        }
    }

    It 'has help that is well-formed XML' {
        { [xml] (Get-Content -LiteralPath (Join-Path $script:ModuleBase 'en-US/MicroPythonRomfs.dll-Help.xml') -Raw) } | Should -Not -Throw
    }

    It 'loads in a fresh session and exports its cmdlets' {
        $exported = Invoke-ChildPowerShell -ScriptBlock {
            param($Manifest)
            (Import-Module -Name $Manifest -PassThru).ExportedCmdlets.Keys | Sort-Object
        } -ArgumentList $script:ManifestPath

        $exported | Should -Be ((Import-PowerShellDataFile -LiteralPath $script:ManifestPath).CmdletsToExport | Sort-Object)
    }
}
