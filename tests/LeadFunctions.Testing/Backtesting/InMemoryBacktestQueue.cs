using LeadFunctions.Backtesting;
using LeadFunctions.Testing.Jobs;

namespace LeadFunctions.Testing.Backtesting;

/// <summary><see cref="IBacktestQueue"/> as a list the test drains (<see cref="InMemoryPageQueue{TMessage}"/>).</summary>
public sealed class InMemoryBacktestQueue : InMemoryPageQueue<BacktestPageMessage>, IBacktestQueue;
