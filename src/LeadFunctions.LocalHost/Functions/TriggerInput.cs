using Microsoft.Azure.Functions.Worker;

namespace LeadFunctions.LocalHost.Functions;

/// <summary>What a trigger hands an invocation: the HTTP context, the queue message's text, or the timer's state.</summary>
internal readonly record struct TriggerInput(HttpContext? Http = null, string? Message = null, TimerInfo? Timer = null);
