using System.Net;
using System.Net.Http.Json;
using LeadFunctions.Testing.Azurite;

namespace LeadFunctions.Tests.LocalHost;

/// <summary>Storage down: 503 with Retry-After, never a 500 and never a 202 for data that was not stored.</summary>
[Collection(LocalHostCollection.Name)]
public sealed class StorageOutageTests(LocalHostFixture host)
{
    [Fact]
    public async Task Requests_answer_503_while_storage_is_down_and_work_again_when_it_is_back()
    {
        await using var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        var settings = host.Settings();
        settings["AzureWebJobsStorage"] = azurite.ConnectionString;
        var (app, client) = await host.StartHostAsync(settings);
        try
        {
            using (var warm = await client.PostAsJsonAsync("api/leads", new { email = $"warm.{Guid.NewGuid():N}@example.org" }))
            {
                Assert.Equal(HttpStatusCode.Accepted, warm.StatusCode);
            }

            await azurite.StopAsync();

            using var capture = await client.PostAsJsonAsync("api/leads", new { email = $"down.{Guid.NewGuid():N}@example.org" });
            using var events = await client.SendAsync(host.SignedEvents("[{\"eventId\":\"o1\",\"email\":\"down@example.org\",\"type\":\"Email Opened\",\"occurredAt\":\"" + host.Clock.GetUtcNow().ToString("O") + "\"}]"));
            using var health = await client.GetAsync("api/health");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, capture.StatusCode);
            Assert.NotNull(capture.Headers.RetryAfter);
            Assert.Equal("application/problem+json", capture.Content.Headers.ContentType?.MediaType);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, events.StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);

            await azurite.StartAsync();
            using var healthy = await Eventually.GetAsync(() => client.GetAsync("api/health"), response => response.StatusCode == HttpStatusCode.OK, "health to come back");
        }
        finally
        {
            client.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_table_deleted_under_the_running_app_is_503_once_then_created_again()
    {
        var settings = host.Settings();
        var (app, client) = await host.StartHostAsync(settings);
        try
        {
            using (var first = await client.PostAsJsonAsync("api/leads", new { email = $"before.{Guid.NewGuid():N}@example.org" }))
            {
                Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
            }

            var tables = LeadFunctions.Storage.Connection.StorageConnection.Parse(host.Azurite.ConnectionString).CreateTableServiceClient();
            await tables.DeleteTableAsync(settings["Storage:TablePrefix"] + "LeadEmails");

            using var during = await client.PostAsJsonAsync("api/leads", new { email = $"during.{Guid.NewGuid():N}@example.org" });
            using var after = await client.PostAsJsonAsync("api/leads", new { email = $"after.{Guid.NewGuid():N}@example.org" });

            Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, after.StatusCode);
        }
        finally
        {
            client.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
