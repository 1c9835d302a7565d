namespace Matrix.Complement.Reports.Html;

/// <summary>
/// The frame of every page: inline CSS and JS (no CDN, no fetches; a Content-Security-Policy forbids them), a top
/// bar with the run, the navigation and the verdict.
/// </summary>
internal static class Layout
{
    /// <summary>The pages of the navigation bar: file and title.</summary>
    public static readonly (string File, string Title)[] Nav =
    [
        ("index.html", "Summary"), ("pillars.html", "MSCs & pillars"), ("utd.html", "UTDs"), ("tests.html", "All tests"),
    ];

    /// <summary>A whole page. <paramref name="root"/> is the relative path to the site root ("" or "../").</summary>
    public static string Page(RunResults run, string title, string active, string root, string body)
    {
        var sb = new StringBuilder(body.Length + 12_000);
        sb.Append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
          .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
          .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">")
          .Append("<title>").Append(HtmlText.E(title)).Append(" · ").Append(HtmlText.E(run.RunId)).Append("</title><style>")
          .Append(Css).Append("</style></head><body>\n<header class=\"top\"><a class=\"brand\" href=\"")
          .Append(root).Append("index.html\">Matrix.Complement</a><span class=\"run\">run ").Append(HtmlText.E(run.RunId))
          .Append("</span><nav>");
        foreach (var (file, name) in Nav)
            sb.Append("<a href=\"").Append(root).Append(file).Append('"').Append(file == active ? " class=\"on\"" : "")
              .Append('>').Append(name).Append("</a>");
        var bad = run.Tests.Count(t => t.Outcome.IsUnexpected());
        sb.Append("</nav><span class=\"verdict ").Append(run.Tests.Count == 0 ? "v-none" : bad == 0 ? "v-green" : "v-red").Append("\">")
          .Append(run.Tests.Count == 0 ? "no results" : bad == 0 ? "✓ green" : $"✗ {bad} unexpected")
          .Append("</span></header>\n<main>").Append(body).Append("</main><script>").Append(Js).Append("</script></body></html>\n");
        return sb.ToString();
    }

    private const string Css = """
:root{--pass:#1f883d;--pass-bg:#dafbe1;--fail:#cf222e;--fail-bg:#ffebe9;--err:#bc4c00;--err-bg:#fff1e5;--skip:#6e7781;--skip-bg:#f0f2f4;
--xfail:#0969da;--xfail-bg:#ddf4ff;--xpass:#8250df;--xpass-bg:#fbefff;--flaky:#9a6700;--flaky-bg:#fff8c5;--line:#d0d7de;--muted:#57606a}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;background:#f6f8fa}
a{color:#0969da;text-decoration:none}a:hover{text-decoration:underline}
header.top{position:sticky;top:0;z-index:5;display:flex;align-items:center;gap:18px;padding:8px 20px;background:#24292f;color:#fff}
header.top .brand{color:#fff;font-weight:700}header.top .run{color:#afb8c1;font-family:ui-monospace,monospace;font-size:12px}
header.top nav{display:flex;gap:4px;flex:1}header.top nav a{color:#d0d7de;padding:4px 10px;border-radius:6px}
header.top nav a.on,header.top nav a:hover{background:#424a53;color:#fff;text-decoration:none}
.verdict{font-weight:700;padding:3px 10px;border-radius:12px}.v-green{background:var(--pass)}.v-red{background:var(--fail)}.v-none{background:#6e7781}
main{max-width:1400px;margin:0 auto;padding:16px 20px 40px}
h1{font-size:20px;margin:4px 0 12px}h2{font-size:16px;margin:22px 0 8px;padding-bottom:4px;border-bottom:1px solid var(--line)}
h3{font-size:14px;margin:14px 0 6px}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px 14px;margin:10px 0}
.tiles{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0 4px}
.tile{min-width:112px;padding:8px 12px;border-radius:8px;border:1px solid var(--line);background:#fff}
.tile b{display:block;font-size:24px;line-height:1.1}.tile span{font-size:12px;color:var(--muted)}
.tile.zero{opacity:.45}
.o-pass{--c:var(--pass);--b:var(--pass-bg)}.o-fail{--c:var(--fail);--b:var(--fail-bg)}.o-error{--c:var(--err);--b:var(--err-bg)}
.o-skip{--c:var(--skip);--b:var(--skip-bg)}.o-xfail{--c:var(--xfail);--b:var(--xfail-bg)}.o-xpass{--c:var(--xpass);--b:var(--xpass-bg)}
.o-flaky{--c:var(--flaky);--b:var(--flaky-bg)}
.tile[class*=o-]{border-left:5px solid var(--c)}.tile[class*=o-] b{color:var(--c)}
.badge{display:inline-block;padding:0 7px;border-radius:10px;font-size:12px;font-weight:600;color:var(--c);background:var(--b);border:1px solid var(--c);white-space:nowrap}
table{border-collapse:collapse;width:100%;background:#fff}th,td{border:1px solid var(--line);padding:3px 7px;text-align:left;vertical-align:top}
th{background:#f6f8fa;font-weight:600;font-size:12px}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
table.kv{width:auto;min-width:50%}table.kv th{width:180px;background:#f6f8fa}
.mono,pre,code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
pre{white-space:pre-wrap;word-break:break-word;margin:4px 0;padding:8px;background:#f6f8fa;border-radius:6px;max-height:480px;overflow:auto}
.grid td.cellw{padding:0;text-align:center;min-width:74px}.grid td.sc{font-family:ui-monospace,monospace;font-size:12px}
.grid th.pair{font-family:ui-monospace,monospace;text-align:center}.grid tr.fx td{background:#eaeef2;font-weight:600;font-size:12px}
a.cell{display:block;padding:3px 6px;font-size:12px;font-weight:600;color:var(--c);background:var(--b);text-decoration:none}
a.cell:hover{outline:2px solid var(--c);outline-offset:-2px}
.chips{display:flex;flex-wrap:wrap;gap:3px}.chip{display:inline-block;width:14px;height:14px;border-radius:3px;background:var(--c)}
.legend{display:flex;gap:6px;flex-wrap:wrap;margin:4px 0 8px;font-size:12px}
.attn td:first-child{white-space:nowrap}.attn td:nth-child(2){overflow-wrap:anywhere;min-width:22em;max-width:32em}.msg{color:#3d444d;font-size:12px;min-width:24em}
.box{border-radius:8px;padding:10px 14px;margin:10px 0;border:1px solid var(--c);border-left:6px solid var(--c);background:var(--b)}
.box h3{margin:0 0 6px;color:var(--c)}
.muted{color:var(--muted)}.small{font-size:12px}
.tl td{font-size:12px;padding:2px 6px}.tl td.t{white-space:nowrap;font-family:ui-monospace,monospace;color:var(--muted)}
.tl tr.lv-Warn td{background:#fff8c5}.tl tr.lv-Error td{background:#ffebe9}
.src{display:inline-block;padding:0 5px;border-radius:4px;font-size:11px;font-weight:600;color:#fff}
.s-call{background:#0969da}.s-push{background:#8250df}.s-flow{background:#1a7f37}.s-log{background:#6e7781}
.tl td.w{white-space:nowrap;max-width:220px;overflow:hidden;text-overflow:ellipsis}.tl details summary{cursor:pointer}
.filters{display:flex;gap:12px;align-items:center;flex-wrap:wrap;margin:6px 0}.filters label{cursor:pointer;user-select:none}
input[type=search]{padding:4px 8px;border:1px solid var(--line);border-radius:6px;min-width:280px}
button.f{border:1px solid var(--c);background:var(--b);color:var(--c);border-radius:12px;padding:1px 9px;cursor:pointer;font-size:12px}
button.f.off{opacity:.35}
.hidden{display:none}
""";

    private const string Js = """
(function(){
function each(s,f){document.querySelectorAll(s).forEach(f)}
function tl(){var on={};each('input[data-src]',function(c){on[c.dataset.src]=c.checked});
 each('tr[data-src]',function(r){r.classList.toggle('hidden',on[r.dataset.src]===false)})}
each('input[data-src]',function(c){c.addEventListener('change',tl)});
var q=document.getElementById('q');var off={};
function list(){var t=q?q.value.toLowerCase():'';each('tr[data-o]',function(r){
 r.classList.toggle('hidden',!!off[r.dataset.o]||(t&&r.textContent.toLowerCase().indexOf(t)<0))})}
if(q)q.addEventListener('input',list);
each('button.f[data-o]',function(b){b.addEventListener('click',function(){off[b.dataset.o]=!off[b.dataset.o];b.classList.toggle('off');list()})});
})();
""";
}
