using System.Globalization;
using System.Text;
using LeadFunctions.Leads;
using LeadFunctions.Sales;
using static LeadFunctions.Http.Sales.HtmlText;

namespace LeadFunctions.Http.Sales;

/// <summary>
/// The hand-off page's stage history: every change kept in full, newest first (who made it, the reason, the note), then
/// the older changes compacted into counts per transition. Every value is HTML-encoded.
/// </summary>
internal static class StageHistoryHtml
{
    public static void Append(StringBuilder html, StoredScore score)
    {
        var history = score.StageHistory;
        html.Append("<section class=\"card\">\n<h2>Stage history</h2>\n<ol class=\"timeline\">\n");
        foreach (var change in Enumerable.Reverse(history))
        {
            html.Append("<li><time datetime=\"").Append(Iso(change.At)).Append("\">").Append(Utc(change.At)).Append("</time><b>")
                .Append(change.From).Append(" → ").Append(change.To).Append("</b> <span class=\"muted\">")
                .Append(change.Action is { } action ? $"{SalesStatusNames.Of(action)} by {Encode(change.Actor)}" : "by the score")
                .Append(change.RecordedAsHistory
                    ? " · recorded as history, older than the latest outcome: the lead stayed " + change.From
                    : string.Empty)
                .Append("</span>");
            if (change.Reason.Length > 0)
            {
                html.Append("<br>").Append(Encode(change.Reason));
            }

            if (change.Note is { Length: > 0 } note)
            {
                html.Append("<p class=\"note\">").Append(Encode(note)).Append("</p>");
            }

            html.Append("</li>\n");
        }

        html.Append(history.Count == 0 ? "<li class=\"muted\">No moves yet.</li>\n" : string.Empty).Append("</ol>\n");
        AppendCompacted(html, score.CompactedHistory);
        html.Append("</section>\n");
    }

    /// <summary>"Earlier, 412 more changes: SAL → Won 206 times, from … to …" as a table, oldest transition first.</summary>
    private static void AppendCompacted(StringBuilder html, IReadOnlyList<StageTransitionCount> compacted)
    {
        if (compacted.Count == 0)
        {
            return;
        }

        var total = compacted.Sum(count => count.Count).ToString("N0", CultureInfo.InvariantCulture);
        html.Append("<p class=\"muted\">Earlier, ").Append(total).Append(" more changes, counted per transition:</p>\n")
            .Append("<table>\n<thead><tr><th>transition</th><th class=\"num\">times</th><th>first</th><th>last</th></tr></thead>\n")
            .Append("<tbody>\n");
        foreach (var count in compacted)
        {
            html.Append("<tr><td>").Append(count.From).Append(" → ").Append(count.To)
                .Append(count.RecordedAsHistory ? " <span class=\"muted\">(recorded as history)</span>" : string.Empty)
                .Append("</td><td class=\"num\">").Append(count.Count.ToString("N0", CultureInfo.InvariantCulture))
                .Append("</td><td>").Append(Utc(count.FirstAt)).Append("</td><td>").Append(Utc(count.LastAt)).Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
    }
}
