using LeadFunctions.Suggestions;
using LeadFunctions.Testing.Jobs;

namespace LeadFunctions.Testing.Suggestions;

/// <summary><see cref="ISuggestionQueue"/> as a list the test drains (<see cref="InMemoryPageQueue{TMessage}"/>).</summary>
public sealed class InMemorySuggestionQueue : InMemoryPageQueue<SuggestionPageMessage>, ISuggestionQueue;
