using MicroPythonRomfs.Reporting;

namespace MicroPythonRomfs.Tests.Reporting;

public class OperationReportQueueTests
{
    [Fact]
    public void Run_ReplaysWorkerReportsOnTheCallingThread_InOrder()
    {
        var host = new ThreadCheckingReporter(Environment.CurrentManagedThreadId);
        var queue = new OperationReportQueue(host);

        var result = queue.Run(async token =>
        {
            await Task.Yield();
            queue.Verbose("one");
            queue.Warning("two");
            queue.Progress(new OperationProgress(1, "a", "b", 1, 2));
            var allowed = queue.ShouldProcess("target", "action");
            queue.Verbose("three");
            return allowed ? 42 : 0;
        }, CancellationToken.None);

        Assert.Equal(42, result);
        Assert.Equal(new[] { "verbose:one", "warning:two", "progress:b", "should:target", "verbose:three" }, host.Calls);
        Assert.False(host.CalledFromAnotherThread);
    }

    [Fact]
    public void Run_RethrowsTheOperationsExceptionAfterFlushingItsReports()
    {
        var host = new ThreadCheckingReporter(Environment.CurrentManagedThreadId);
        var queue = new OperationReportQueue(host);

        var error = Assert.Throws<InvalidOperationException>(() => queue.Run<int>(async token =>
        {
            await Task.Yield();
            queue.Warning("before");
            throw new InvalidOperationException("boom");
        }, CancellationToken.None));

        Assert.Equal("boom", error.Message);
        Assert.Equal(new[] { "warning:before" }, host.Calls);
    }

    [Fact]
    public void Run_PassesACancelledTokenToTheOperation()
    {
        var queue = new OperationReportQueue(NullOperationReporter.Instance);
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => queue.Run(async token =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), token);
            return 0;
        }, cancellation.Token));
    }

    private sealed class ThreadCheckingReporter : IOperationReporter
    {
        private readonly int _thread;

        public ThreadCheckingReporter(int thread) => _thread = thread;

        public List<string> Calls { get; } = new();

        public bool CalledFromAnotherThread { get; private set; }

        public void Progress(OperationProgress progress) => Record("progress:" + progress.Status);

        public void Warning(string message) => Record("warning:" + message);

        public void Verbose(string message) => Record("verbose:" + message);

        public bool ShouldProcess(string target, string action)
        {
            Record("should:" + target);
            return true;
        }

        private void Record(string call)
        {
            CalledFromAnotherThread |= Environment.CurrentManagedThreadId != _thread;
            Calls.Add(call);
        }
    }
}
