using System.Globalization;
using System.Text;
using LeadFunctions.Storage.Benchmarks;
using LeadFunctions.Storage.Queues;
using LeadFunctions.Storage.Tables;
using LeadFunctions.Testing.Azurite;

// Storage client throughput and allocations vs raw HttpClient, against one local Azurite.
//   dotnet run -c Release --project bench/LeadFunctions.Storage.Benchmarks [-- --seconds 5 --concurrency 16]
// Each case: 1 s warm-up per side, then `seconds` of measurement per side in 8 segments, interleaved
// raw-client-client-raw, so that drift in Azurite affects both sides alike. Loopback only; stops by itself.
// Thread-pool spin-waiting is off (csproj) so that idle workers do not take the second core from Azurite.

int seconds = Option(args, "--seconds", 5);
int concurrency = Option(args, "--concurrency", 16);
const int KeysPerWorker = 256;
const int Segments = 8;
var segment = TimeSpan.FromSeconds((double)seconds / Segments);
var warmUp = TimeSpan.FromSeconds(1);

await using var azurite = new AzuriteFixture();
await azurite.InitializeAsync();
Console.Error.WriteLine($"Azurite on {azurite.TableEndpoint.Authority} / {azurite.QueueEndpoint.Authority}; {concurrency} workers; {seconds} s per side and case.");

using var raw = new RawStorage(AzuriteFixture.AccountName, AzuriteFixture.AccountKey, azurite.TableEndpoint, azurite.QueueEndpoint);
var tables = new TableServiceClient(azurite.ConnectionString);
var queues = new QueueServiceClient(azurite.ConnectionString);
TableClient table = tables.GetTableClient("bench");
QueueClient queue = queues.GetQueueClient("bench");
await table.CreateIfNotExistsAsync();
await queue.CreateIfNotExistsAsync();

// The same entities for both sides: the client serializes its TableEntity on every call, the raw side
// sends precomputed JSON.
var entities = new TableEntity[concurrency][];
var bodies = new byte[concurrency][][];
for (int worker = 0; worker < concurrency; worker++)
{
    entities[worker] = new TableEntity[KeysPerWorker];
    bodies[worker] = new byte[KeysPerWorker][];
    for (int slot = 0; slot < KeysPerWorker; slot++)
    {
        string rowKey = RowKey(worker, slot);
        entities[worker][slot] = new TableEntity("bench", rowKey)
        {
            ["Email"] = $"lead{worker}-{slot}@example.test", ["Score"] = 42, ["Events"] = 1234567890123L,
            ["Ratio"] = 0.75, ["Qualified"] = true, ["UpdatedOn"] = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero),
        };
        bodies[worker][slot] = Encoding.UTF8.GetBytes(
            $$"""{"PartitionKey":"bench","RowKey":"{{rowKey}}","Email":"lead{{worker}}-{{slot}}@example.test","Score":42,"Events@odata.type":"Edm.Int64","Events":"1234567890123","Ratio":0.75,"Qualified":true,"UpdatedOn@odata.type":"Edm.DateTime","UpdatedOn":"2025-01-02T03:04:05Z"}""");
    }
}

const string MessageText = """{"leadId":"3f9a2c1e","event":"form-submitted","at":"2025-01-02T03:04:05Z","score":42}""";
byte[] messageXml = Encoding.UTF8.GetBytes(
    $"<QueueMessage><MessageText>{Convert.ToBase64String(Encoding.UTF8.GetBytes(MessageText))}</MessageText></QueueMessage>");

var results = new List<(string Name, Result Raw, Result Client)>();


results.Add(await CompareAsync(
    "Table upsert (replace)",
    (w, i) => Done(raw.UpsertEntityAsync("bench", "bench", RowKey(w, Slot(i)), bodies[w][Slot(i)])),
    async (w, i) => { await table.UpsertEntityAsync(entities[w][Slot(i)], TableUpdateMode.Replace); return true; }));

// Every key exists before reads are measured, whatever the upsert case reached.
foreach (TableEntity[] workerEntities in entities)
{
    foreach (TableEntity[] chunk in workerEntities.Chunk(100))
    {
        await table.SubmitTransactionAsync(chunk.Select(entity => new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity)));
    }
}

results.Add(await CompareAsync(
    "Table get",
    async (w, i) => { await raw.GetEntityAsync("bench", "bench", RowKey(w, Slot(i))); return true; },
    async (w, i) => { await table.GetEntityAsync<TableEntity>("bench", RowKey(w, Slot(i))); return true; }));

results.Add(await CompareAsync(
    "Queue send",
    (w, i) => Done(raw.SendMessageAsync("bench", messageXml)),
    async (w, i) => { await queue.SendMessageAsync(MessageText); return true; },
    before: async () => await queue.ClearMessagesAsync()));

// Azurite's Get Messages slows down as the queue grows (thousands of messages: tens of ops/s), so the
// queue is refilled with a few hundred messages per round rather than filled once for the whole run.
const int Prefill = 400;
results.Add(await CompareAsync(
    "Queue receive + delete",
    (w, i) => raw.ReceiveAndDeleteAsync("bench"),
    async (w, i) =>
    {
        QueueMessage[] received = (await queue.ReceiveMessagesAsync()).Value;
        if (received.Length == 0)
        {
            return false;
        }

        await queue.DeleteMessageAsync(received[0].MessageId, received[0].PopReceipt);
        return true;
    },
    before: () => FillQueueAsync(Prefill)));

Console.WriteLine();
Console.WriteLine($"Azurite 3.37 (in-memory) on 127.0.0.1, {concurrency} concurrent operations, {seconds} s per side, .NET {Environment.Version}, {Environment.ProcessorCount} cores.");
Console.WriteLine();
Console.WriteLine("| Operation | Raw HttpClient ops/s | Client ops/s | Client / raw | Raw bytes/op | Client bytes/op | Raw CPU µs/op | Client CPU µs/op |");
Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
foreach ((string name, Result rawResult, Result clientResult) in results)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {rawResult.OperationsPerSecond:N0} | {clientResult.OperationsPerSecond:N0} | {clientResult.OperationsPerSecond / rawResult.OperationsPerSecond:0.00} | {rawResult.BytesPerOperation:N0} | {clientResult.BytesPerOperation:N0} | {rawResult.ProcessorMicrosecondsPerOperation:N0} | {clientResult.ProcessorMicrosecondsPerOperation:N0} |"));
}

await table.DeleteAsync();
await queue.DeleteIfExistsAsync();
return;

async Task<(string, Result, Result)> CompareAsync(
    string name,
    Func<int, long, ValueTask<bool>> rawOperation,
    Func<int, long, ValueTask<bool>> clientOperation,
    Func<Task>? before = null)
{
    Console.Error.WriteLine($"{name}: warming up");
    await RunAsync(rawOperation, warmUp, before);
    await RunAsync(clientOperation, warmUp, before);

    // Each side runs in short segments, interleaved raw-client-client-raw, so that Azurite's drift (its GC,
    // its growing in-memory store) hits both alike; throughput is the median segment, so that a stall of
    // Azurite in one segment does not decide the comparison.
    var rawSegments = new List<Measurement>();
    var clientSegments = new List<Measurement>();
    for (int round = 0; round < Segments / 2; round++)
    {
        rawSegments.Add(await RunAsync(rawOperation, segment, before));
        clientSegments.Add(await RunAsync(clientOperation, segment, before));
        clientSegments.Add(await RunAsync(clientOperation, segment, before));
        rawSegments.Add(await RunAsync(rawOperation, segment, before));
    }

    var rawTotal = new Result(rawSegments);
    var clientTotal = new Result(clientSegments);
    Console.Error.WriteLine($"{name}: raw {rawTotal.OperationsPerSecond:N0} ops/s, client {clientTotal.OperationsPerSecond:N0} ops/s");
    return (name, rawTotal, clientTotal);
}

async Task<Measurement> RunAsync(Func<int, long, ValueTask<bool>> operation, TimeSpan duration, Func<Task>? before)
{
    // Runs until the duration is used up. An operation that runs out of work (a drained queue) ends a round
    // early; `before` then prepares the next round (refills the queue) outside the measurement.
    Measurement total = Measurement.Zero;
    while (total.Elapsed < duration)
    {
        if (before is not null)
        {
            await before();
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        total += await LoadRunner.RunAsync(concurrency, duration - total.Elapsed, operation);
    }

    return total;
}

async Task FillQueueAsync(int count)
{
    await queue.ClearMessagesAsync();
    int next = 0;
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        while (Interlocked.Increment(ref next) <= count)
        {
            await raw.SendMessageAsync("bench", messageXml);
        }
    }));
}

static async ValueTask<bool> Done(ValueTask operation)
{
    await operation;
    return true;
}

static int Slot(long iteration) => (int)(iteration % KeysPerWorker);

static string RowKey(int worker, int slot) => string.Create(CultureInfo.InvariantCulture, $"w{worker:D2}-{slot:D3}");

static int Option(string[] args, string name, int fallback)
{
    int index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out int value) && value > 0
        ? value
        : fallback;
}
