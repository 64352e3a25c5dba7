using LeadFunctions.Backtesting;
using LeadFunctions.Http.Backtesting;
using LeadFunctions.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LeadFunctions.FunctionApp.Functions;

/// <summary>
/// Backtests of a candidate scoring model against the recorded outcomes (function key): start one, read it, and the
/// queue functions that score it a page at a time and mark it failed when a page ends in the poison queue.
/// </summary>
public sealed class ModelFunctions(BacktestsEndpoint backtests, BacktestPageHandler pages)
{
    [Function("StartBacktest")]
    public Task<IActionResult> StartBacktestAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.Backtests)] HttpRequest request,
        CancellationToken cancellationToken) =>
        backtests.StartAsync(request, cancellationToken);

    [Function("GetBacktest")]
    public Task<IActionResult> GetBacktestAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.Backtest)] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        backtests.GetAsync(id, cancellationToken);

    [Function("RunBacktest")]
    public Task RunBacktestAsync(
        [QueueTrigger(StorageRegistration.BacktestQueueBinding, Connection = StorageRegistration.ConnectionName)] string message,
        CancellationToken cancellationToken) =>
        pages.HandleAsync(BacktestMessages.Deserialize(message), cancellationToken);

    [Function("FailBacktest")]
    public Task FailBacktestAsync(
        [QueueTrigger(StorageRegistration.BacktestPoisonQueueBinding, Connection = StorageRegistration.ConnectionName)] string message,
        CancellationToken cancellationToken) =>
        pages.FailAsync(message, cancellationToken);
}
