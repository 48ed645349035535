using System.CommandLine;

namespace MicroPythonRomfs.Cli;

/// <summary>The <c>mpromfs</c> command tree, runnable in-process with any output writers (the tests do).</summary>
internal static class MpromfsApp
{
    public static int Run(string[] args, TextWriter output, TextWriter error) =>
        RunAsync(args, output, error, CancellationToken.None).GetAwaiter().GetResult();

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var context = new CliContext(output, error);
        var root = new RootCommand("mpromfs: build, inspect and deploy MicroPython ROMFS images.");

        // One line per command.
        root.Subcommands.Add(BuildCommand.Create(context));
        root.Subcommands.Add(ListCommand.Create(context));
        root.Subcommands.Add(ExtractCommand.Create(context));
        var device = new DeviceOptions();
        device.AddTo(root);
        root.Subcommands.Add(ExecCommand.Create(context, device));
        root.Subcommands.Add(DevsCommand.Create(context));
        root.Subcommands.Add(QueryCommand.Create(context, device));
        root.Subcommands.Add(DeployCommand.Create(context, device));
        root.Subcommands.Add(SaveCommand.Create(context, device));
        root.Subcommands.Add(CompileCommand.Create(context));
        root.Subcommands.Add(WatchCommand.Create(context, device));

        OptionRanges.Apply(root);
        var result = root.Parse(args.Length > 0 && args[0] == "compile" ? CompileCommand.NormalizeArguments(args) : args);
        if (result.Errors.Count > 0)
        {
            context.Fail(string.Join("; ", result.Errors.Select(e => e.Message)) + " (see 'mpromfs --help')");
            return CliContext.UsageError;
        }

        try
        {
            return await result.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Commands guard their own bodies; this catches what escapes them, so no stack trace reaches the user.
            return context.InternalError(ex);
        }
    }
}
