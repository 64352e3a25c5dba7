namespace LeadFunctions.Webhooks;

/// <summary>Reads one provider's (already verified) body into validated events, item by item.</summary>
public interface IWebhookPayloadParser
{
    /// <summary>The event source recorded with every event ("api", "segment", "sendgrid"); it scopes the event ids.</summary>
    string Source { get; }

    /// <summary>Parses the raw body. Never throws for any input: a body it cannot use is a whole-body error.</summary>
    PayloadParseResult Parse(ReadOnlyMemory<byte> body);
}
