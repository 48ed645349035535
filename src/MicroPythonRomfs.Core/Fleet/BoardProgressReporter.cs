using MicroPythonRomfs.Reporting;

namespace MicroPythonRomfs.Fleet;

/// <summary>
/// One board's view of the fleet's reporter: its progress bars become children of the fleet's parent bar, with
/// activity ids of their own so boards never overwrite each other's bars.
/// </summary>
internal sealed class BoardProgressReporter : IOperationReporter
{
    private const int SlotsPerBoard = 4;

    private readonly IOperationReporter _inner;
    private readonly int _parentActivityId;
    private readonly int _boardIndex;
    private readonly string _port;
    private readonly Dictionary<int, int> _slots = new();

    public BoardProgressReporter(IOperationReporter inner, int parentActivityId, int boardIndex, string port)
    {
        _inner = inner;
        _parentActivityId = parentActivityId;
        _boardIndex = boardIndex;
        _port = port;
    }

    public void Progress(OperationProgress progress)
    {
        var parent = progress.ParentActivityId < 0 ? _parentActivityId : ActivityIdFor(progress.ParentActivityId);
        _inner.Progress(new OperationProgress(ActivityIdFor(progress.ActivityId), progress.Activity, progress.Status, progress.Completed, progress.Total, progress.IsCompleted, parent));
    }

    public void Warning(string message) => _inner.Warning(message);

    public void Verbose(string message) => _inner.Verbose(message.IndexOf(_port, StringComparison.Ordinal) >= 0 ? message : _port + ": " + message);

    public bool ShouldProcess(string target, string action) => _inner.ShouldProcess(target, action);

    private int ActivityIdFor(int innerId)
    {
        lock (_slots)
        {
            if (!_slots.TryGetValue(innerId, out var slot))
            {
                slot = _slots.Count % SlotsPerBoard;
                _slots[innerId] = slot;
            }

            return _parentActivityId + 1 + (_boardIndex * SlotsPerBoard) + slot;
        }
    }
}
