using System.Security.Cryptography;
using System.Text;

namespace LeadFunctions.Http.Pages;

/// <summary>
/// The one stylesheet of every page, inline in <see cref="PageLayout"/> and allowed by its hash in the
/// Content-Security-Policy: no other style, script, image, font or frame loads. One column that reads well on a phone.
/// </summary>
internal static class PageStyle
{
    public const string Css = """
        *{box-sizing:border-box}
        body{margin:0;background:#f3f4f6;color:#1f2937;font:16px/1.5 -apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}
        main{max-width:42rem;margin:0 auto;padding:1rem}
        .brand{margin:0 0 .75rem;color:#6b7280;font-size:.8rem;letter-spacing:.04em;text-transform:uppercase}
        h1{margin:0;font-size:1.6rem;line-height:1.2;overflow-wrap:anywhere}
        h2{margin:0 0 .6rem;font-size:1.05rem}
        p{margin:.35rem 0}
        .card{background:#fff;border:1px solid #e5e7eb;border-radius:12px;padding:1rem;margin:0 0 .9rem}
        .lead .role{color:#374151;overflow-wrap:anywhere}
        .badges{display:flex;flex-wrap:wrap;gap:.4rem;margin:.6rem 0 .2rem}
        .badge{display:inline-block;border-radius:999px;padding:.15rem .7rem;font-size:.85rem;font-weight:600;
          background:#e5e7eb;color:#1f2937}
        .stage-hot{background:#dbeafe;color:#1e3a8a}.stage-won{background:#dcfce7;color:#14532d}
        .stage-out{background:#fee2e2;color:#7f1d1d}.stage-nurture{background:#f3f4f6;color:#374151;border:1px solid #d1d5db}
        .grade{background:#1f2937;color:#fff}
        .sla{margin:.5rem 0 0;padding:.5rem .7rem;border-radius:8px;background:#f9fafb;border:1px solid #e5e7eb;font-size:.95rem}
        .sla.overdue{background:#fef2f2;border-color:#fca5a5;color:#7f1d1d}
        .notice{border-radius:10px;padding:.8rem 1rem;margin:0 0 .9rem;font-weight:600}
        .notice.ok{background:#dcfce7;color:#14532d;border:1px solid #86efac}
        .notice.info{background:#eff6ff;color:#1e3a8a;border:1px solid #93c5fd}
        .notice.warn{background:#fef2f2;color:#7f1d1d;border:1px solid #fca5a5}
        form{margin:0}
        form+form,.split{margin-top:1rem;padding-top:1rem;border-top:1px solid #e5e7eb}
        label{display:block;font-weight:600;margin:.2rem 0 .3rem}
        select,textarea{width:100%;font:inherit;padding:.6rem;border:1px solid #9ca3af;border-radius:8px;background:#fff;color:inherit}
        textarea{min-height:4.5rem;resize:vertical}
        button{display:block;width:100%;min-height:3.2rem;margin-top:.7rem;border:0;border-radius:10px;font:inherit;font-size:1.1rem;
          font-weight:700;cursor:pointer;color:#fff}
        .accept{background:#15803d}.reject{background:#b91c1c}.won{background:#15803d}.lost{background:#4b5563}
        button:focus-visible,select:focus-visible,textarea:focus-visible{outline:3px solid #2563eb;outline-offset:2px}
        .hint,.muted{color:#6b7280;font-size:.9rem}
        dl.facts{display:grid;grid-template-columns:auto 1fr;gap:.3rem 1rem;margin:0}
        dl.facts dt{color:#6b7280}dl.facts dd{margin:0;overflow-wrap:anywhere}
        a{color:#1d4ed8}
        .scores{display:grid;grid-template-columns:repeat(3,1fr);gap:.5rem;text-align:center}
        .score{background:#f9fafb;border-radius:10px;padding:.6rem .3rem}
        .score b{display:block;font-size:1.5rem;line-height:1.2}
        .score span{color:#6b7280;font-size:.85rem}
        table{width:100%;border-collapse:collapse;font-size:.95rem}
        td,th{padding:.35rem .2rem;text-align:left;vertical-align:top}
        tbody tr+tr td{border-top:1px solid #f3f4f6}
        .num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
        .pos{color:#15803d}.neg{color:#b91c1c}
        .group th{padding-top:.8rem;color:#6b7280;font-size:.8rem;text-transform:uppercase;letter-spacing:.04em}
        .subtotal td{font-weight:700;border-top:2px solid #e5e7eb}
        .total td{font-weight:800;font-size:1.05rem;border-top:3px double #9ca3af}
        svg.bar{display:block;width:100%;height:6px;margin-top:.2rem}
        svg.bar rect{fill:#86efac}svg.bar rect.neg{fill:#fca5a5}
        ul.bant{list-style:none;padding:0;margin:0;display:grid;grid-template-columns:1fr 1fr;gap:.4rem}
        ul.bant li{padding:.45rem .6rem;border-radius:8px;background:#f9fafb}
        ul.bant .yes{background:#dcfce7;color:#14532d}ul.bant .no{color:#6b7280}
        ol.timeline{list-style:none;padding:0;margin:0}
        ol.timeline li{padding:.5rem 0;border-top:1px solid #f3f4f6;overflow-wrap:anywhere}
        ol.timeline li:first-child{border-top:0}
        time{color:#6b7280;font-size:.85rem;display:block}
        .note{white-space:pre-wrap;background:#f9fafb;border-left:3px solid #d1d5db;padding:.3rem .6rem;margin:.3rem 0 0}
        footer{color:#6b7280;font-size:.8rem;padding:.5rem .2rem 2rem;overflow-wrap:anywhere}
        @media (min-width:40rem){main{padding:1.5rem}.actions-row{display:grid;grid-template-columns:1fr 1fr;gap:1rem}}
        main.wide{max-width:64rem}
        .scroll{overflow-x:auto}
        svg.funnel{display:block;width:100%;height:auto}
        svg.funnel text{font-size:13px;fill:#1f2937}svg.funnel text.rate{fill:#6b7280}
        svg.funnel rect{fill:#93c5fd}svg.funnel rect.won{fill:#86efac}svg.funnel rect.out{fill:#fca5a5}svg.funnel rect.side{fill:#d1d5db}
        h3{margin:0 0 .5rem;font-size:1.15rem;line-height:1.3}
        h4{margin:.9rem 0 .35rem;font-size:.95rem}
        code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
        .section-title{margin:1.4rem .2rem .6rem;font-size:1.2rem}
        .eyebrow{margin:0 0 .2rem;color:#15803d;font-size:.8rem;font-weight:700;letter-spacing:.04em;text-transform:uppercase}
        .version-name{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
        .live-model{border:2px solid #86efac}
        .status-live{background:#dcfce7;color:#14532d}.status-draft{background:#dbeafe;color:#1e3a8a}
        .status-retired{background:#f3f4f6;color:#374151;border:1px solid #d1d5db}.status-forced{background:#fef3c7;color:#78350f}
        .tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:.5rem;margin:.8rem 0}
        .tile{background:#f9fafb;border-radius:10px;padding:.6rem .7rem}
        .tile b{display:block;font-size:1.6rem;line-height:1.2}.tile span{display:block;font-weight:600}
        .tile small{color:#6b7280;font-size:.8rem}
        dl.facts dd.text{white-space:pre-wrap}
        .warning{margin:.2rem 0;color:#92400e;font-size:.9rem}
        details.diff{margin:.9rem 0 0;border:1px solid #e5e7eb;border-radius:8px;padding:.5rem .7rem}
        details.diff summary{cursor:pointer}
        details.diff[open] summary{margin-bottom:.4rem}
        ul.changes{margin:0;padding-left:1.1rem}
        .change-added{background:#dcfce7;color:#14532d}.change-removed{background:#fee2e2;color:#7f1d1d}
        .change-changed{background:#e0e7ff;color:#312e81}
        tr.rule-removed b{text-decoration:line-through}
        .points{font-weight:600}
        table.figures{max-width:44rem}table.rules{max-width:52rem}
        table.rules th.num,table.rules td.num{padding-right:1.5rem}
        pre.curl{margin:.3rem 0 0;padding:.7rem;background:#111827;color:#f9fafb;border-radius:8px;overflow-x:auto;
          font-size:.8rem;line-height:1.45}
        .pager{display:flex;margin:0 .2rem .9rem}.pager .next{margin-left:auto}
        """;

    /// <summary>Nothing loads but this page's stylesheet; forms post to this origin only; no framing, no base URL.</summary>
    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; style-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Css)))}'; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
}
