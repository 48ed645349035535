using MicroPythonRomfs.Device;
using MicroPythonRomfs.Mpy;
using MicroPythonRomfs.Partitions;
using MicroPythonRomfs.Reporting;
using MicroPythonRomfs.Romfs;

namespace MicroPythonRomfs.Cli;

/// <summary>What every command shares: where output and errors go, and how failures become one-line messages.</summary>
internal sealed class CliContext : IOperationReporter
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int UsageError = 2;

    /// <summary>A WebREPL board refused the password or asked for one that was not given.</summary>
    public const int AuthenticationFailure = 3;

    public CliContext(TextWriter output, TextWriter error)
    {
        Output = output;
        Error = error;
    }

    public TextWriter Output { get; }

    public TextWriter Error { get; }

    /// <summary>Taken around every write: boards of a fleet report from worker threads.</summary>
    public object Sync { get; } = new();

    /// <summary>Runs a command body, turning the errors users can cause into <c>mpromfs: message</c> and exit code 1.</summary>
    public async Task<int> GuardAsync(Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (MpyCompilationException ex)
        {
            // One line per file, compiler style: each names its file and line.
            foreach (var compileError in ex.Errors)
            {
                Fail(compileError.ToString());
            }

            return Failure;
        }
        catch (DeviceAuthenticationException ex)
        {
            Fail(ex.Message + " Give the password with --password or the environment variable " + DeviceOptions.PasswordVariable + ".");
            return AuthenticationFailure;
        }
        catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is FormatException
            || ex is MpyCompatibilityException || ex is MpyCrossUnavailableException || ex is ArgumentException || ex is InvalidOperationException
            || ex is RomPartitionException || ex is TimeoutException)
        {
            Fail(ex.Message);
            return Failure;
        }
        catch (OperationCanceledException)
        {
            Fail("cancelled.");
            return Failure;
        }
        catch (Device.MicroPythonException ex)
        {
            // Code this tool sent raised on the board (out of memory, a firmware that lacks something).
            Fail(ex.Message);
            return Failure;
        }
        catch (Exception ex)
        {
            return InternalError(ex);
        }
    }

    /// <summary>The last resort: an exception nobody expected is a bug, reported in one line that names its type.</summary>
    public int InternalError(Exception ex)
    {
        Fail($"internal error, a bug in mpromfs (please report it): {ex.GetType().FullName}: {ex.Message}");
        return Failure;
    }

    public void Fail(string message)
    {
        lock (Sync)
        {
            Error.WriteLine("mpromfs: " + OneLine(message));
        }
    }

    public void Progress(OperationProgress progress)
    {
    }

    public void Warning(string message)
    {
        lock (Sync)
        {
            Error.WriteLine("mpromfs: warning: " + OneLine(message));
        }
    }

    public void Verbose(string message)
    {
    }

    public bool ShouldProcess(string target, string action) => true;

    private static string OneLine(string message) => message.Replace("\r\n", " ").Replace('\n', ' ').Replace('\r', ' ');
}
