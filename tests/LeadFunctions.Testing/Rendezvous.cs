namespace LeadFunctions.Testing;

/// <summary>
/// Holds each caller until <paramref name="parties"/> callers have arrived (for at most ten seconds): the set-up of a
/// race, such as two runs that both read a row before either writes it.
/// </summary>
public sealed class Rendezvous(int parties)
{
    private readonly TaskCompletionSource _allArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrived;

    public Task ArriveAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Increment(ref _arrived) == parties)
        {
            _allArrived.SetResult();
        }

        return _allArrived.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
    }
}
