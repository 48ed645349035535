using MicroPythonRomfs.Fleet;

namespace MicroPythonRomfs.Tests.Fleet;

public class FleetRunnerTests
{
    [Fact]
    public async Task Run_NeverOverlapsItemsOfOneBoard_AndKeepsWithinTheThrottleLimit()
    {
        var items = Enumerable.Range(0, 24).Select(i => (Board: i % 6, Number: i)).ToList();
        var running = 0;
        var peak = 0;
        var perBoard = new int[6];
        var overlapped = false;

        var results = await FleetRunner.RunAsync(items, item => item.Board, 3, async (item, index, token) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref peak, now);
            if (Interlocked.Increment(ref perBoard[item.Board]) > 1)
            {
                overlapped = true;
            }

            await Task.Delay(5, token);
            Interlocked.Decrement(ref perBoard[item.Board]);
            Interlocked.Decrement(ref running);
            return item.Number * 10;
        }, CancellationToken.None);

        Assert.False(overlapped);
        Assert.InRange(peak, 1, 3);
        Assert.Equal(items.Select(i => i.Number * 10), results.Select(r => r.Value));
        Assert.All(results, r => Assert.Null(r.Exception));
    }

    [Fact]
    public async Task Run_KeepsEachFailureWithItsItem_AndTheOthersStillRun()
    {
        var items = new[] { "a", "b", "c", "d" };

        var results = await FleetRunner.RunAsync(items, item => item, 2, (item, index, token) =>
            item == "b" ? Task.FromException<string>(new InvalidOperationException("board b broke")) : Task.FromResult(item.ToUpperInvariant()),
            CancellationToken.None);

        Assert.Equal(new[] { "A", null, "C", "D" }, results.Select(r => r.Value));
        Assert.Equal("board b broke", Assert.IsType<InvalidOperationException>(results[1].Exception).Message);
    }

    [Fact]
    public async Task Run_WhenCancelled_GivesEveryItemACancellationOfItsOwn()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        var results = await FleetRunner.RunAsync(new[] { 1, 2, 3 }, i => i, 1, (item, index, token) => Task.FromResult(item), cancellation.Token);

        Assert.All(results, r => Assert.IsAssignableFrom<OperationCanceledException>(r.Exception));
    }

    [Theory]
    [InlineData(null, 1, 1)]
    [InlineData(null, 5, 5)]
    [InlineData(null, 40, 8)]
    [InlineData(3, 40, 3)]
    [InlineData(0, 4, 4)]
    public void EffectiveThrottleLimit_IsTheBoardCountUpToEight_UnlessGiven(int? limit, int boards, int expected)
    {
        Assert.Equal(expected, new FleetOptions { ThrottleLimit = limit }.EffectiveThrottleLimit(boards));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
