#pragma once

// The HTML report's stylesheet, inlined into every page (no external assets).
namespace orchard::report {

inline constexpr char kHtmlStyle[] = R"css(
:root{--pass:#1a7f37;--fail:#cf222e;--warn:#9a6700;--skip:#6e7781;--ink:#1f2328;--muted:#59636e;
--line:#d1d9e0;--bg:#f6f8fa;--dns:#8250df;--connect:#0969da;--tls:#1b7c83;--fb:#bf8700;--rest:#afb8c1}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 -apple-system,BlinkMacSystemFont,"Segoe UI",Helvetica,Arial,sans-serif;
color:var(--ink);background:#fff}
main{max-width:1180px;margin:0 auto;padding:24px 28px 48px}
header h1{font-size:24px;margin:0 0 4px}
.meta{color:var(--muted);margin:0}
h2{font-size:18px;margin:32px 0 12px;padding-bottom:6px;border-bottom:1px solid var(--line)}
h3{font-size:15px;margin:0}
code{font:12.5px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin:18px 0 10px}
.card{border:1px solid var(--line);border-radius:8px;padding:10px 16px;min-width:110px;background:var(--bg)}
.card b{display:block;font-size:26px;line-height:1.1}
.card.pass b{color:var(--pass)}.card.fail b{color:var(--fail)}.card.warn b{color:var(--warn)}
.card.skip b{color:var(--skip)}
.verdict{font-size:16px;font-weight:600;margin:6px 0 0}
.verdict.bad{color:var(--fail)}.verdict.good{color:var(--pass)}.verdict.meh{color:var(--warn)}
.diag{border:1px solid var(--line);border-left:6px solid var(--sevc);border-radius:8px;
padding:12px 16px;margin:0 0 12px;background:#fff}
.diag .sev{display:inline-block;font-size:11px;font-weight:700;letter-spacing:.05em;color:#fff;
background:var(--sevc);border-radius:4px;padding:1px 7px;margin-bottom:6px}
.diag p{margin:6px 0}
.diag .fix{background:var(--bg);border-radius:6px;padding:8px 10px}
.sev-critical{--sevc:#a40e26}.sev-high{--sevc:#bc4c00}.sev-medium{--sevc:#9a6700}
.sev-low{--sevc:#0969da}.sev-info{--sevc:#57606a}
details summary{cursor:pointer;color:var(--muted)}
.affected{columns:3 220px;margin:6px 0 0;padding-left:18px}
nav.cats{display:flex;flex-wrap:wrap;gap:6px;margin:0 0 16px}
nav.cats a{border:1px solid var(--line);border-radius:14px;padding:2px 10px;text-decoration:none;
color:var(--ink);font-size:12.5px}
nav.cats a.bad{border-color:var(--fail);color:var(--fail)}
.cat{margin:22px 0 8px;display:flex;gap:10px;align-items:baseline}
.cat span{color:var(--muted);font-size:13px}
table{border-collapse:collapse;width:100%;font-size:13px}
th{text-align:left;color:var(--muted);font-weight:600;border-bottom:2px solid var(--line);padding:6px 8px}
td{border-bottom:1px solid var(--line);padding:6px 8px;vertical-align:top}
tr.fail td{background:#fff8f8}tr.warn td{background:#fffdf2}
.pill{display:inline-block;min-width:44px;text-align:center;font-size:11px;font-weight:700;
border-radius:10px;padding:1px 7px;color:#fff}
.pill.pass{background:var(--pass)}.pill.fail{background:var(--fail)}.pill.warn{background:var(--warn)}
.pill.skip{background:var(--skip)}
.sub{color:var(--muted);font-size:12px}
.facts{margin:4px 0 0;padding-left:16px;color:var(--muted);font-size:12px}
td.time{white-space:nowrap}td.time svg{vertical-align:middle;margin-right:6px}
.legend{color:var(--muted);font-size:12px;margin:0 0 8px}
.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin:0 4px 0 10px;vertical-align:-1px}
footer{margin-top:36px;color:var(--muted);font-size:12px}
@media print{nav.cats{display:none}details{display:block}}
)css";

}  // namespace orchard::report
