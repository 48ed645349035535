#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.5.0' }

BeforeAll {
    . (Join-Path $PSScriptRoot 'PesterSupport.ps1')
    $script:ManifestPath = Get-TestModuleManifest
    $script:ModuleBase = Split-Path -Parent $script:ManifestPath

    function Get-AssemblyFacts {
        # Name, version, target framework and references of an assembly file, read without loading it.
        param([string] $Path)
        $stream = [System.IO.File]::OpenRead($Path)
        try {
            $pe = [System.Reflection.PortableExecutable.PEReader]::new($stream)
            $reader = [System.Reflection.Metadata.PEReaderExtensions]::GetMetadataReader($pe)
            $definition = $reader.GetAssemblyDefinition()
            $framework = $null
            foreach ($handle in $reader.GetCustomAttributes([System.Reflection.Metadata.EntityHandle]::AssemblyDefinition)) {
                $attribute = $reader.GetCustomAttribute($handle)
                if ($attribute.Constructor.Kind -ne [System.Reflection.Metadata.HandleKind]::MemberReference) {
                    continue
                }
                $constructor = $reader.GetMemberReference([System.Reflection.Metadata.MemberReferenceHandle] $attribute.Constructor)
                if ($constructor.Parent.Kind -ne [System.Reflection.Metadata.HandleKind]::TypeReference) {
                    continue
                }
                $type = $reader.GetTypeReference([System.Reflection.Metadata.TypeReferenceHandle] $constructor.Parent)
                if ($reader.GetString($type.Name) -eq 'TargetFrameworkAttribute') {
                    # Blob: prolog (2 bytes), then the string argument as a length byte and UTF-8.
                    $blob = $reader.GetBlobBytes($attribute.Value)
                    $framework = [System.Text.Encoding]::UTF8.GetString($blob, 3, $blob[2])
                }
            }
            $references = foreach ($handle in $reader.AssemblyReferences) {
                $reference = $reader.GetAssemblyReference($handle)
                [pscustomobject]@{ Name = $reader.GetString($reference.Name); Version = $reference.Version }
            }
            return [pscustomobject]@{
                Name       = $reader.GetString($definition.Name)
                Version    = $definition.Version
                Framework  = $framework
                References = @($references)
            }
        }
        finally {
            $stream.Dispose()
        }
    }
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
        foreach ($file in 'MicroPythonRomfs.psd1', 'MicroPythonRomfs.format.ps1xml', 'LICENSE', 'en-US/MicroPythonRomfs.dll-Help.xml', 'en-US/about_MicroPythonRomfs.help.txt') {
            Test-Path -LiteralPath (Join-Path $script:ModuleBase $file) | Should -BeTrue -Because "$file belongs in the module"
        }
    }

    It 'holds netstandard2.0 assemblies whose every reference Windows PowerShell 5.1 can find' {
        $shipped = @{}
        $facts = Get-ChildItem -LiteralPath $script:ModuleBase -Filter *.dll | ForEach-Object { Get-AssemblyFacts -Path $_.FullName }
        $facts | ForEach-Object { $shipped[$_.Name] = $_.Version }
        # What the host provides: .NET Framework 4.7.2's netstandard facades, and PowerShell itself.
        $fromHost = 'netstandard', 'mscorlib', 'System', 'System.Core', 'System.Runtime', 'System.Management.Automation'

        ($facts | Where-Object Name -Like 'MicroPythonRomfs*').Framework | Should -Be @('.NETStandard,Version=v2.0', '.NETStandard,Version=v2.0')
        foreach ($assembly in $facts) {
            foreach ($reference in $assembly.References) {
                if ($fromHost -contains $reference.Name) {
                    continue
                }
                $shipped.Keys | Should -Contain $reference.Name -Because "$($assembly.Name) references $($reference.Name)"
                $shipped[$reference.Name] | Should -BeGreaterOrEqual $reference.Version -Because "$($assembly.Name) references $($reference.Name) $($reference.Version)"
            }
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

    It 'loads from the repository-root manifest in a fresh session, as a built checkout offers' {
        $exported = Invoke-ChildPowerShell -ScriptBlock {
            param($Manifest)
            (Import-Module -Name $Manifest -PassThru).ExportedCmdlets.Keys | Sort-Object
        } -ArgumentList (Join-Path $script:RepoRoot 'MicroPythonRomfs.psd1')

        $exported | Should -Be ((Import-PowerShellDataFile -LiteralPath $script:ManifestPath).CmdletsToExport | Sort-Object)
    }
}

Describe 'The package that build.ps1 -Task Package writes' {
    It 'installs with Install-PSResource from a local repository, and the installed module imports and works' {
        $package = Get-TestModulePackage
        $repository = Join-Path $TestDrive 'repository'
        $userHome = Join-Path $TestDrive 'home'
        New-Item -ItemType Directory -Path $repository, $userHome | Out-Null
        Copy-Item -LiteralPath $package -Destination $repository
        $version = (Import-PowerShellDataFile -LiteralPath $script:ManifestPath).ModuleVersion

        # A child whose user folders are in TestDrive: the repository registration and the CurrentUser install
        # land there, not in the profile of whoever runs the tests.
        $outcome = Invoke-ChildPowerShell -ScriptBlock {
            param($Repository, $Version, $Image)
            $ErrorActionPreference = 'Stop'
            Register-PSResourceRepository -Name MicroPythonRomfsLocal -Uri $Repository -Trusted
            Install-PSResource -Name MicroPythonRomfs -Version $Version -Repository MicroPythonRomfsLocal -Scope CurrentUser -TrustRepository
            $module = Import-Module -Name MicroPythonRomfs -PassThru
            $module.ModuleBase
            $module.Version.ToString()
            (Test-ModuleManifest -Path (Join-Path $module.ModuleBase 'MicroPythonRomfs.psd1')).Name
            Test-Path -LiteralPath (Join-Path $module.ModuleBase 'LICENSE')
            @(Get-RomfsItem -LiteralPath $Image).Count
        } -ArgumentList $repository, $version, (Join-Path (Get-TestVectorsFolder) 'images/basic.nompy.romfs') -Environment @{
            HOME            = $userHome
            USERPROFILE     = $userHome
            XDG_CONFIG_HOME = Join-Path $userHome 'config'
            XDG_CACHE_HOME  = Join-Path $userHome 'cache'
            LOCALAPPDATA    = Join-Path $userHome 'local'
            PSModulePath    = $null
        }

        $outcome[0] | Should -BeLike "$userHome*"
        $outcome[1] | Should -Be $version
        $outcome[2] | Should -Be 'MicroPythonRomfs'
        $outcome[3] | Should -BeTrue
        $outcome[4] | Should -Be 4
    }
}
