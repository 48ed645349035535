namespace MicroPythonRomfs.Module.Tests.Help;

/// <summary>PlatyPS pages used by the builder and conformance tests.</summary>
internal static class SamplePages
{
    /// <summary>A page that matches <see cref="NewSampleArchiveCommand"/> exactly.</summary>
    public const string NewSampleArchive = """
        ---
        external help file: MicroPythonRomfs.dll-Help.xml
        Module Name: MicroPythonRomfs
        online version: https://example.org/help/New-SampleArchive
        schema: 2.0.0
        ---

        # New-SampleArchive

        ## SYNOPSIS
        Packs files into a **sample** archive.

        ## SYNTAX

        ### Path (Default)
        ```
        New-SampleArchive [-Path] <String[]> [-Destination] <String> [-Alignment <Nullable`1[Int32]>] [-Force] [-WhatIf] [-Confirm] [<CommonParameters>]
        ```

        ### LiteralPath
        ```
        New-SampleArchive -LiteralPath <String[]> [-Destination] <String> [-Alignment <Nullable`1[Int32]>] [-Force] [-WhatIf] [-Confirm] [<CommonParameters>]
        ```

        ## DESCRIPTION
        The first paragraph
        spans two lines.

        - one item
        - another item

        ## EXAMPLES

        ### Example 1: Pack a folder
        ```powershell
        New-SampleArchive -Path .\app -Destination app.bin
        ```

        Packs the folder.

        ### Example 2: Pack from the pipeline
        ```powershell
        Get-ChildItem .\app | New-SampleArchive -Destination app.bin
        ```

        Binds each item's PSPath to -LiteralPath.

        ## PARAMETERS

        ### -Path
        The files to pack. Wildcards are expanded.

        ```yaml
        Type: String[]
        Parameter Sets: Path
        Aliases:

        Required: True
        Position: 0
        Default value: None
        Accept pipeline input: True (ByValue, ByPropertyName)
        Accept wildcard characters: True
        ```

        ### -LiteralPath
        The files to pack, used exactly as typed.

        ```yaml
        Type: String[]
        Parameter Sets: LiteralPath
        Aliases: PSPath, LP

        Required: True
        Position: Named
        Default value: None
        Accept pipeline input: True (ByPropertyName)
        Accept wildcard characters: False
        ```

        ### -Destination
        The archive to write.

        ```yaml
        Type: String
        Parameter Sets: (All)
        Aliases:

        Required: True
        Position: 1
        Default value: None
        Accept pipeline input: False
        Accept wildcard characters: False
        ```

        ### -Alignment
        The alignment of file data, in bytes.

        ```yaml
        Type: Nullable`1[Int32]
        Parameter Sets: (All)
        Aliases:

        Required: False
        Position: Named
        Default value: None
        Accept pipeline input: False
        Accept wildcard characters: False
        ```

        ### -Force
        Overwrites an existing archive.

        ```yaml
        Type: SwitchParameter
        Parameter Sets: (All)
        Aliases:

        Required: False
        Position: Named
        Default value: False
        Accept pipeline input: False
        Accept wildcard characters: False
        ```

        ### -Confirm
        Prompts you for confirmation before running the cmdlet.

        ```yaml
        Type: SwitchParameter
        Parameter Sets: (All)
        Aliases: cf

        Required: False
        Position: Named
        Default value: False
        Accept pipeline input: False
        Accept wildcard characters: False
        ```

        ### -WhatIf
        Shows what would happen if the cmdlet runs.

        ```yaml
        Type: SwitchParameter
        Parameter Sets: (All)
        Aliases: wi

        Required: False
        Position: Named
        Default value: False
        Accept pipeline input: False
        Accept wildcard characters: False
        ```

        ### CommonParameters
        This cmdlet supports the common parameters.

        ## INPUTS

        ### System.String[]
        Paths, by value or by property name.

        ## OUTPUTS

        ### System.IO.FileInfo
        The archive.

        ## NOTES
        Nothing is written when -WhatIf is given.

        ## RELATED LINKS

        [Get-SampleArchive](Get-SampleArchive.md)

        [Archive format](https://example.org/format)
        """;
}
