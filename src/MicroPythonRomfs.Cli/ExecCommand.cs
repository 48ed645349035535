using System.CommandLine;
using System.Globalization;
using MicroPythonRomfs.Device;
using MicroPythonRomfs.Fleet;

namespace MicroPythonRomfs.Cli;

/// <summary><c>mpromfs exec --port P '&lt;code&gt;'</c>: runs code on the board and prints its output as it arrives;
/// exit code 1 when the code raises (the traceback goes to standard error). With --port given several times (or
/// --all), on every board in parallel, each line prefixed by its port, then a summary; exit code 1 if any board failed.</summary>
internal static class ExecCommand
{
    public static Command Create(CliContext context, DeviceOptions device)
    {
        var code = new Argument<string>("code") { Description = "The Python code to run." };
        var noSoftReset = new Option<bool>("--no-soft-reset") { Description = "Keep the board's Python state (no soft reset on connect)." };
        var noRawPaste = new Option<bool>("--no-raw-paste") { Description = "Use the classic raw REPL even where raw-paste mode is available." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds the code may stay silent before the board counts as not answering (default 0: wait as long as it runs, as mpremote does; Ctrl+C stops it)." };
        var command = new Command("exec", "Run Python code on the board and print its output.") { code, noSoftReset, noRawPaste, timeout };
        command.SetAction((result, cancellationToken) => context.GuardAsync(async () =>
        {
            var options = new DeviceConnectionOptions { SoftReset = !result.GetValue(noSoftReset), UseRawPaste = !result.GetValue(noRawPaste) };
            var idleSeconds = result.GetValue(timeout);
            var idle = idleSeconds <= 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(idleSeconds);
            if (device.IsFleet(result))
            {
                return await ExecOnFleetAsync(result, context, device, options, result.GetValue(code)!, idle, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                using var board = await device.ConnectAsync(result, context, options, cancellationToken).ConfigureAwait(false);
                if (board == null)
                {
                    return CliContext.UsageError;
                }

                await board.Session.ExecAsync(result.GetValue(code)!, idle, text =>
                {
                    context.Output.Write(text);
                    context.Output.Flush();
                }, cancellationToken).ConfigureAwait(false);
                return CliContext.Success;
            }
            catch (MicroPythonException ex)
            {
                context.Error.Write(ex.Traceback.Replace("\r\n", "\n"));
                context.Fail(string.Format(CultureInfo.InvariantCulture, "the code raised {0} on {1}.", ex.ExceptionName, ex.Port));
                return CliContext.Failure;
            }
            catch (DeviceTimeoutException ex)
            {
                context.Fail(ex.Message);
                return CliContext.Failure;
            }
        }));
        return command;
    }

    /// <summary>Many boards run the code in parallel: each output line prefixed by its board's port as it arrives, then a summary.</summary>
    private static async Task<int> ExecOnFleetAsync(ParseResult result, CliContext context, DeviceOptions device, DeviceConnectionOptions options, string code, TimeSpan idle, CancellationToken cancellationToken)
    {
        var ports = device.ResolvePorts(result, context);
        if (ports == null)
        {
            return CliContext.UsageError;
        }

        var console = new FleetConsole(context);
        var boards = console.Connected(await device.ConnectManyAsync(result, ports, options, cancellationToken).ConfigureAwait(false));
        try
        {
            var outcomes = await FleetInvocation.ExecAsync(boards, code, idle, line => console.Line(line.Port, line.Line), device.Fleet(result), cancellationToken).ConfigureAwait(false);
            foreach (var outcome in outcomes)
            {
                if (outcome.Exception != null)
                {
                    console.Failure(outcome.Port, outcome.Exception);
                }
                else
                {
                    console.Succeeded(outcome.Port, null);
                }
            }

            return console.Summarize("ran on");
        }
        finally
        {
            foreach (var board in boards)
            {
                board.Dispose();
            }
        }
    }
}
