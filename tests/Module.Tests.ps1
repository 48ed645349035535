#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.5.0' }

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'PesterSupport.ps1')
    $manifestData = Import-PowerShellDataFile -LiteralPath (Get-TestModuleManifest)
    $script:CmdletNames = @($manifestData.CmdletsToExport | ForEach-Object { @{ Name = $_ } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'PesterSupport.ps1')
    $script:ManifestPath = Get-TestModuleManifest
    $script:Module = Import-Module -Name $script:ManifestPath -Force -PassThru
    # Get-Help finds about topics of modules on PSModulePath; the built module lives in out/<name>/<version>.
    $script:SavedModulePath = $env:PSModulePath
    $modulesRoot = Split-Path -Parent (Split-Path -Parent $script:Module.ModuleBase)
    $env:PSModulePath = $modulesRoot + [System.IO.Path]::PathSeparator + $env:PSModulePath
}

AfterAll {
    $env:PSModulePath = $script:SavedModulePath
    Remove-Module -Name MicroPythonRomfs -Force -ErrorAction SilentlyContinue
}

Describe 'The module manifest' {
    It 'passes Test-ModuleManifest' {
        { Test-ModuleManifest -Path $script:ManifestPath -ErrorAction Stop } | Should -Not -Throw
    }

    It 'passes Test-ModuleManifest at the repository root too, once built' {
        $rootManifest = Join-Path $script:RepoRoot 'MicroPythonRomfs.psd1'

        $info = Test-ModuleManifest -Path $rootManifest -ErrorAction Stop

        $info.Version | Should -Be (Import-PowerShellDataFile -LiteralPath $script:ManifestPath).ModuleVersion
    }

    It 'is the repository''s manifest with the build-output folder taken out of its file names' {
        $shipped = Import-PowerShellDataFile -LiteralPath $script:ManifestPath
        $source = Import-PowerShellDataFile -LiteralPath (Join-Path $script:RepoRoot 'MicroPythonRomfs.psd1')

        $shipped.RootModule | Should -Be 'MicroPythonRomfs.dll'
        $shipped.FormatsToProcess | Should -Be @('MicroPythonRomfs.format.ps1xml')
        $shipped.CmdletsToExport | Should -Be $source.CmdletsToExport
        $shipped.ModuleVersion | Should -Be $source.ModuleVersion
        $shipped.GUID | Should -Be $source.GUID
    }

    It 'names no invented addresses, and ships the MIT licence as LICENSE' {
        $psData = (Import-PowerShellDataFile -LiteralPath $script:ManifestPath).PrivateData.PSData
        $license = Join-Path $script:Module.ModuleBase 'LICENSE'

        $psData.Keys | Should -Not -Contain 'ProjectUri'
        $psData.Keys | Should -Not -Contain 'LicenseUri'
        Test-Path -LiteralPath $license | Should -BeTrue
        Get-Content -LiteralPath $license -Raw | Should -Match 'MIT License'
        Get-Content -LiteralPath $license -Raw | Should -Be (Get-Content -LiteralPath (Join-Path $script:RepoRoot 'LICENSE') -Raw)
    }

    It 'exports exactly the cmdlets it lists' {
        $listed = (Import-PowerShellDataFile -LiteralPath $script:ManifestPath).CmdletsToExport | Sort-Object
        $exported = $script:Module.ExportedCmdlets.Keys | Sort-Object
        $exported | Should -Be $listed
    }

    It 'exports no functions, aliases or variables' {
        $script:Module.ExportedFunctions.Count | Should -Be 0
        $script:Module.ExportedAliases.Count | Should -Be 0
        $script:Module.ExportedVariables.Count | Should -Be 0
    }

    It 'loads the format file' {
        Test-Path -LiteralPath (Join-Path $script:Module.ModuleBase 'MicroPythonRomfs.format.ps1xml') | Should -BeTrue
        @($script:Module.ExportedFormatFiles | Split-Path -Leaf) | Should -Contain 'MicroPythonRomfs.format.ps1xml'
    }
}

Describe 'The assembly resolver for Windows PowerShell 5.1' {
    BeforeAll {
        # Windows PowerShell cannot run here; its decision, which file stands for a requested assembly, can.
        $type = $script:Module.ImplementingAssembly.GetType('MicroPythonRomfs.PowerShell.ModuleAssemblyResolver', $true)
        $script:Find = $type.GetMethod('FindShippedAssembly', [System.Reflection.BindingFlags] 'NonPublic, Static')

        function Find-Shipped {
            param([string] $Name)
            $script:Find.Invoke($null, @([System.Reflection.AssemblyName]::new($Name), $script:Module.ModuleBase))
        }
    }

    It 'answers a request for an older System.Buffers with the one in the module folder' {
        Find-Shipped 'System.Buffers, Version=4.0.2.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51' |
            Should -Be (Join-Path $script:Module.ModuleBase 'System.Buffers.dll')
    }

    It 'does not answer for a later version, another public key or a library the folder lacks' {
        Find-Shipped 'System.Buffers, Version=99.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51' | Should -BeNullOrEmpty
        Find-Shipped 'System.Buffers, Version=4.0.2.0, Culture=neutral, PublicKeyToken=0123456789abcdef' | Should -BeNullOrEmpty
        Find-Shipped 'Newtonsoft.Json, Version=13.0.0.0, Culture=neutral, PublicKeyToken=30ad4fe6b2a6aeed' | Should -BeNullOrEmpty
    }

    It 'answers every reference between the shipped libraries' {
        $folder = $script:Module.ModuleBase
        foreach ($file in Get-ChildItem -LiteralPath $folder -Filter *.dll) {
            $stream = [System.IO.File]::OpenRead($file.FullName)
            try {
                $reader = [System.Reflection.Metadata.PEReaderExtensions]::GetMetadataReader([System.Reflection.PortableExecutable.PEReader]::new($stream))
                foreach ($handle in $reader.AssemblyReferences) {
                    $reference = $reader.GetAssemblyReference($handle).GetAssemblyName()
                    if (Test-Path -LiteralPath (Join-Path $folder "$($reference.Name).dll")) {
                        Find-Shipped $reference.FullName | Should -Not -BeNullOrEmpty -Because "$($file.Name) references $($reference.FullName)"
                    }
                }
            }
            finally {
                $stream.Dispose()
            }
        }
    }
}

Describe 'Get-Help <Name>' -ForEach $script:CmdletNames {
    BeforeAll {
        $script:Help = Get-Help -Name $Name -Full
    }

    It 'shows the synopsis written in docs' {
        $script:Help.Synopsis.Trim() | Should -Be (Get-DocsSynopsis -Name $Name)
    }

    It 'has a description and at least two examples' {
        ($script:Help.Description | Out-String).Trim() | Should -Not -BeNullOrEmpty
        @($script:Help.Examples.Example).Count | Should -BeGreaterOrEqual 2
    }

    It 'describes every parameter' {
        $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
        $declared = (Get-Command -Name $Name).Parameters.Keys | Where-Object { $common -notcontains $_ }
        foreach ($parameter in $declared) {
            $helpParameter = $script:Help.Parameters.Parameter | Where-Object Name -EQ $parameter
            $helpParameter | Should -Not -BeNullOrEmpty -Because "-$parameter of $Name must be in the help"
            ($helpParameter.Description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "-$parameter of $Name needs a description"
        }
    }

    It 'links related help' {
        @($script:Help.RelatedLinks.NavigationLink).Count | Should -BeGreaterThan 0
    }
}

Describe 'about_MicroPythonRomfs' {
    It 'is found by Get-Help and explains ROMFS' {
        $text = Get-Help -Name about_MicroPythonRomfs | Out-String
        $text | Should -Match 'ROMFS'
        $text | Should -Match '/rom'
    }
}
