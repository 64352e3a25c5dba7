using LeadFunctions.FunctionApp.Functions;
using LeadFunctions.ModelReviews;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace LeadFunctions.Tests.Functions;

[Collection(FunctionAppCollection.Name)]
public sealed class ModelReviewFunctionsTests(FunctionAppFixture app)
{
    [Fact]
    public async Task ReviewModel_records_this_weeks_review_once_however_often_it_runs()
    {
        var reviewId = ModelReviewId.For(DateTimeOffset.UtcNow);

        await app.InvokeAsync<ModelReviewFunctions>((functions, ct) => functions.ReviewModelAsync(Timer(), ct));
        await app.InvokeAsync<ModelReviewFunctions>((functions, ct) => functions.ReviewModelAsync(Timer(), ct));

        var store = app.Host.Services.GetRequiredService<IModelReviewStore>();
        var review = await store.GetAsync(reviewId);
        Assert.NotNull(review);
        Assert.Equal(90, review.WindowDays);
        Assert.Single(await store.ListRecentAsync(10), recorded => recorded.ReviewId == reviewId);
        var emails = (await app.Maildev.GetEmailsAsync())
            .Count(email => email.Headers.GetValueOrDefault("x-leadfunctions-review") == reviewId);
        Assert.Equal(review.Email is null ? 0 : 1, emails);
    }

    /// <summary>The timer's input as the timer extension binds it for a run on schedule.</summary>
    private static TimerInfo Timer() => new()
    {
        IsPastDue = false,
        ScheduleStatus = new ScheduleStatus { Last = DateTime.UtcNow.AddDays(-7), Next = DateTime.UtcNow.AddDays(7), LastUpdated = DateTime.UtcNow },
    };
}
