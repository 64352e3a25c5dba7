namespace LeadFunctions.Testing.Jobs;

/// <summary>
/// A job's page queue as a list the test drains: it takes messages in order and hands them to the page handler, and can
/// deliver one twice (a redelivery) or drop one (a crash before it was handled), as a storage queue can. The backtest
/// and suggestion queues are this with their message type.
/// </summary>
public abstract class InMemoryPageQueue<TMessage>
    where TMessage : class
{
    private readonly Lock _gate = new();
    private readonly Queue<TMessage> _messages = new();

    /// <summary>How many of the next sends fail (an <see cref="IOException"/>, as when the queue cannot be reached).</summary>
    public int FailingSends { get; set; }

    /// <summary>Every message ever sent, in order.</summary>
    public List<TMessage> Sent { get; } = [];

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _messages.Count;
            }
        }
    }

    public Task EnqueueAsync(TMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_gate)
        {
            if (FailingSends > 0)
            {
                FailingSends--;
                throw new IOException("The queue cannot be reached (a test's outage).");
            }

            _messages.Enqueue(message);
            Sent.Add(message);
        }

        return Task.CompletedTask;
    }

    /// <summary>Takes the next message; null when the queue is empty.</summary>
    public TMessage? Take()
    {
        lock (_gate)
        {
            return _messages.TryDequeue(out var message) ? message : null;
        }
    }

    /// <summary>Hands every message (and the ones they send) to <paramref name="handle"/> until the queue is empty.</summary>
    public async Task DrainAsync(Func<TMessage, Task> handle, int maxMessages = 1_000_000)
    {
        ArgumentNullException.ThrowIfNull(handle);
        for (var handled = 0; Take() is { } message; handled++)
        {
            if (handled >= maxMessages)
            {
                throw new InvalidOperationException($"The queue still has messages after {maxMessages}.");
            }

            await handle(message);
        }
    }
}
