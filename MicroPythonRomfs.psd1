@{
    # The version lives in Directory.Build.props (VersionPrefix); a test fails when the two differ.
    # In the repository the files are named under the build output (written by ./build.ps1), so Import-Module
    # and Test-ModuleManifest work on this file in a built checkout; build.ps1 ships it with that folder prefix
    # removed, the files then lying beside it.
    RootModule           = 'out/publish/MicroPythonRomfs.dll'
    ModuleVersion        = '0.1.0'
    CompatiblePSEditions = @('Desktop', 'Core')
    GUID                 = 'de5d6d4e-40ec-43cb-81ba-2e9d164509da'
    Author               = 'MicroPythonRomfs contributors'
    CompanyName          = 'MicroPythonRomfs contributors'
    Copyright            = '(c) MicroPythonRomfs contributors. Released under the MIT License.'
    Description          = 'Build MicroPython ROMFS images from folders of .py/.mpy files and resources, inspect and extract them, and deploy them to the /rom partition of a board over serial or TCP.'
    PowerShellVersion    = '5.1'
    # netstandard2.0 assemblies need .NET Framework 4.7.2 or later under Windows PowerShell.
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess     = @('out/publish/MicroPythonRomfs.format.ps1xml')
    # Explicit lists: wildcards make PowerShell load the module to discover its commands.
    CmdletsToExport      = @(
        'Expand-RomfsImage'
        'Get-RomfsItem'
        'New-RomfsImage'
        'Connect-MicroPythonDevice'
        'Disconnect-MicroPythonDevice'
        'Get-MicroPythonPort'
        'Get-MicroPythonDevice'
        'Invoke-MicroPython'
        'Reset-MicroPythonDevice'
        'Get-RomfsPartition'
        'Publish-RomfsImage'
        'Save-RomfsPartition'
        'Watch-RomfsProject'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('MicroPython', 'ROMFS', 'Embedded', 'ESP32', 'RP2040', 'STM32', 'Firmware', 'SerialPort', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            # No ProjectUri or LicenseUri: the project has no public address yet. The MIT licence text ships
            # in the module folder as LICENSE.
        }
    }
}
