using LeadFunctions.ModelReviews;
using Microsoft.Azure.Functions.Worker;

namespace LeadFunctions.FunctionApp.Functions;

/// <summary>
/// The weekly review of the live model (Mondays 06:00 UTC by default): the live AUC on the recent outcomes against its
/// published backtest and a refitted candidate, recorded once per week, emailed on drift or a better candidate.
/// </summary>
public sealed class ModelReviewFunctions(ModelReviewService reviews)
{
    [Function("ReviewModel")]
    public Task ReviewModelAsync(
        [TimerTrigger(TimerSchedules.ModelReviewBinding)] TimerInfo timer,
        CancellationToken cancellationToken) =>
        reviews.RunAsync(cancellationToken);
}
