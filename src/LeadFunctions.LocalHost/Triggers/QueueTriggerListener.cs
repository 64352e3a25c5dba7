using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.LocalHost.Triggers;

/// <summary>
/// Runs a queue-triggered function the way the Functions host does: polls with exponential backoff up to
/// maxPollingInterval while the queue is empty, processes up to batchSize messages at once and fetches more when
/// fewer than newBatchThreshold are in flight, deletes a message when the function succeeds, makes it visible
/// again after visibilityTimeout when it fails, and moves it to <c>&lt;queue&gt;-poison</c> once it has failed
/// maxDequeueCount times.
/// </summary>
public sealed partial class QueueTriggerListener(
    string functionName,
    QueueClient queue,
    QueueClient poisonQueue,
    QueueTriggerSettings settings,
    Func<string, CancellationToken, Task> function,
    ILogger logger)
{
    private static readonly TimeSpan MinimumPollingInterval = TimeSpan.FromMilliseconds(100);

    public string FunctionName { get; } = functionName;

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        await EnsureQueuesAsync(stoppingToken);
        var inFlight = new List<Task>();
        var delay = MinimumPollingInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            inFlight.RemoveAll(task => task.IsCompleted);
            if (inFlight.Count > settings.NewBatchThreshold)
            {
                await Task.WhenAny(inFlight);
                continue;
            }

            QueueMessage[] messages;
            try
            {
                messages = (await queue.ReceiveMessagesAsync(settings.BatchSize, settings.ProcessingVisibility, stoppingToken)).Value;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // Storage being down must not stop the listener: it backs off and resumes by itself.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                LogPollFailed(logger, FunctionName, exception.GetType().Name);
                messages = [];
                if (exception is Azure.RequestFailedException { Status: 404 })
                {
                    await EnsureQueuesAsync(stoppingToken); // the queue was deleted (or storage came back empty)
                }
            }

            if (messages.Length == 0)
            {
                await DelayAsync(delay, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, settings.MaxPollingInterval.Ticks));
                continue;
            }

            delay = MinimumPollingInterval;
            inFlight.AddRange(messages.Select(message => ProcessAsync(message, stoppingToken)));
        }

        await Task.WhenAll(inFlight);
    }

    /// <summary>Runs the function once for a message (the admin route's "run now"), without queue bookkeeping.</summary>
    public Task InvokeAsync(string messageText, CancellationToken cancellationToken) => function(messageText, cancellationToken);

    private async Task ProcessAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        try
        {
            if (message.DequeueCount > settings.MaxDequeueCount)
            {
                await MoveToPoisonAsync(message, stoppingToken);
                return;
            }

            try
            {
                await function(message.MessageText, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return; // shutting down: the message reappears after its visibility timeout
            }
#pragma warning disable CA1031 // A failing function is the host's business: retry, then poison; never crash the host.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                LogFunctionFailed(logger, FunctionName, message.MessageId, message.DequeueCount, exception.GetType().Name, exception.Message);
                if (message.DequeueCount >= settings.MaxDequeueCount)
                {
                    await MoveToPoisonAsync(message, stoppingToken);
                }
                else
                {
                    await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, messageText: null, settings.VisibilityTimeout, stoppingToken);
                }

                return;
            }

            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // Bookkeeping failures (storage down, pop receipt expired): the message reappears and is retried.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogBookkeepingFailed(logger, FunctionName, message.MessageId, exception.GetType().Name);
        }
    }

    private async Task MoveToPoisonAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        await poisonQueue.SendMessageAsync(message.Body, cancellationToken: cancellationToken);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        LogPoisoned(logger, FunctionName, message.MessageId, message.DequeueCount);
    }

    private async Task EnsureQueuesAsync(CancellationToken cancellationToken)
    {
        var delay = MinimumPollingInterval;
        while (true)
        {
            try
            {
                await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
                await poisonQueue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogPollFailed(logger, FunctionName, exception.GetType().Name);
                await DelayAsync(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, settings.MaxPollingInterval.Ticks));
            }
        }
    }

    private static async Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{FunctionName}: polling the queue failed ({Error}); backing off")]
    private static partial void LogPollFailed(ILogger logger, string functionName, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{FunctionName} failed for message {MessageId} (dequeue count {DequeueCount}): {Error}: {Reason}")]
    private static partial void LogFunctionFailed(ILogger logger, string functionName, string messageId, long dequeueCount, string error, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{FunctionName}: could not complete message {MessageId} ({Error}); it will be retried")]
    private static partial void LogBookkeepingFailed(ILogger logger, string functionName, string messageId, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "{FunctionName}: message {MessageId} moved to the poison queue after {DequeueCount} attempts")]
    private static partial void LogPoisoned(ILogger logger, string functionName, string messageId, long dequeueCount);
}
