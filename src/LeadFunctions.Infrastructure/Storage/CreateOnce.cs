namespace LeadFunctions.Infrastructure.Storage;

/// <summary>
/// Runs an idempotent creation (tables, a queue) once per process and remembers success; a failed or cancelled
/// attempt is forgotten, so the next caller tries again (storage may have been down).
/// </summary>
internal sealed class CreateOnce(Func<Task> create)
{
    private readonly Lock _lock = new();
    private Task? _created;

    /// <summary>Forgets a success: the next caller creates again (the resource was found missing).</summary>
    public void Reset()
    {
        lock (_lock)
        {
            _created = null;
        }
    }

    public Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (_created is { IsCompletedSuccessfully: true })
        {
            return Task.CompletedTask;
        }

        lock (_lock)
        {
            if (_created is null || _created.IsFaulted || _created.IsCanceled)
            {
                _created = create();
            }

            return _created.WaitAsync(cancellationToken);
        }
    }
}
