using System.Globalization;
using LeadFunctions.Leads;

namespace LeadFunctions.Sales;

/// <summary>
/// What a hand-off page showed of its lead when it was rendered: the stage and the version of the stage history (the
/// number of stage changes recorded, compacted ones included). Each form's anti-forgery value covers it, so a form
/// posted after the lead moved on is recognised as stale rather than applied to a lead its reader never saw.
/// </summary>
/// <param name="Stage">The lead's stage on the page.</param>
/// <param name="Version">How many stage changes the lead had then; every recorded change, sales or scores, adds one.</param>
public sealed record HandoffPageState(LeadStage Stage, int Version)
{
    /// <summary>The state of a scored lead as it stands.</summary>
    public static HandoffPageState Of(StoredScore score)
    {
        ArgumentNullException.ThrowIfNull(score);
        return new HandoffPageState(score.Stage, StageHistoryCompaction.ChangeCount(score));
    }

    /// <summary>The state as a form carries it: <c>SAL.12</c>.</summary>
    public override string ToString() => $"{Stage}.{Version.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Reads <see cref="ToString"/>'s spelling, and only that spelling (a stage name, a dot, a canonical count).</summary>
    public static HandoffPageState? Parse(ReadOnlySpan<char> text)
    {
        var dot = text.IndexOf('.');
        if (dot <= 0
            || !Enum.TryParse<LeadStage>(text[..dot], ignoreCase: false, out var stage)
            || !string.Equals(stage.ToString(), text[..dot].ToString(), StringComparison.Ordinal)
            || !int.TryParse(text[(dot + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return null;
        }

        var state = new HandoffPageState(stage, version);
        return string.Equals(state.ToString(), text.ToString(), StringComparison.Ordinal) ? state : null;
    }
}
