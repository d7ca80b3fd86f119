"""`textmend report`: one self-contained HTML file showing what every stage changed, and why.

Per document, a table of paragraphs: the raw lines on the left with removed characters struck
through, the clean paragraph on the right with inserted characters underlined, each mark
coloured by its stage and titled with the stage's reason. Checkboxes hide the marks of a stage;
`report.html#only=page_furniture` opens with only that stage's marks shown. A summary table
counts documents, paragraphs and edits per stage. No external assets: CSS and JS are inline,
and every piece of input text is escaped.
"""

from __future__ import annotations

import html
from typing import Sequence

from .changes import MarkedParagraph, Run, edit_of, marked_paragraphs
from .document import Document
from .explain import excerpt

# (mark colour, background) per stage, in pipeline order.
PALETTE = [
    ("#b35900", "#ffe2c2"),
    ("#1f5fbf", "#d6e6ff"),
    ("#2e7d32", "#d7f0d2"),
    ("#8e24aa", "#f1dcf7"),
    ("#c62828", "#ffd9d6"),
    ("#00838f", "#cdf1f4"),
    ("#6d4c41", "#eadfd8"),
    ("#455a64", "#dde5ea"),
]
MARKS_HELP = (
    "edits: what the stage recorded; marks: runs of raw text it removed or clean text it inserted. "
    "An edit that only removes what an earlier stage inserted (a page break) leaves no mark."
)
GLYPHS = {"\n": "⏎", "\f": "↡", " ": "␣", "\t": "⇥"}  # ↡: a page break (␌ is missing from common fonts)

CSS = """
body{font:15px/1.6 "Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;margin:0;color:#222;background:#fafafa}
header{position:sticky;top:0;z-index:2;background:#fff;border-bottom:1px solid #ccc;padding:.5em 1em}
h1{font-size:1.2em;margin:0 0 .2em}
h2{font-size:1.1em;margin:1.5em 0 .2em}
main{padding:0 1em 2em}
.meta{color:#666;font-size:.9em;margin:0 0 .5em}
#filter label{display:inline-block;margin:.2em .8em .2em 0;padding:0 .4em;border-radius:3px;cursor:pointer;border-bottom:3px solid var(--c)}
table{border-collapse:collapse;background:#fff}
.summary td,.summary th{border:1px solid #ddd;padding:.1em .5em;text-align:right}
.summary td.t,.summary th.t{text-align:left}
.summary tfoot td{font-weight:bold}
.pairs{width:100%;table-layout:fixed;margin-bottom:1em}
.pairs th{background:#eee;text-align:left;padding:.2em .5em}
.pairs td{border-top:1px solid #e4e4e4;vertical-align:top;padding:.3em .5em;white-space:pre-wrap;overflow-wrap:anywhere}
.pairs .n{width:8.5em}
.pairs th.raw{width:48%}
.pairs td.n{white-space:normal;color:#666;font-size:.85em}
.pairs td.raw{color:#444;background:#fcfcfc}
.m{border-radius:2px;color:var(--c);background:var(--bg)}
del.m{text-decoration:line-through}
del.m .g{text-decoration:none}
ins.m{text-decoration:underline}
.g{opacity:.75}
.conf{display:inline-block;background:#fff3c4;color:#7a5b00;border-radius:3px;padding:0 .3em;margin-left:.3em}
details{margin-top:.3em}
details li{margin:.2em 0}
.stage{font-weight:bold;color:var(--c)}
.q{color:#555}
"""

JS = """
(function () {
  var body = document.body;
  var only = null;
  var m = /(?:^#|&)only=([^&]*)/.exec(location.hash);
  if (m) only = decodeURIComponent(m[1]).split(",");
  var boxes = document.querySelectorAll("input[data-filter]");
  for (var i = 0; i < boxes.length; i++) {
    (function (box) {
      var stage = box.getAttribute("data-filter");
      var marks = document.querySelectorAll('.m[data-stage="' + stage + '"]').length;
      var count = document.querySelector('[data-count="' + stage + '"]');
      count.textContent = count.getAttribute("data-edits") + " edits, " + marks + " marks";
      if (only) box.checked = only.indexOf(stage) >= 0;
      var apply = function () { body.classList.toggle("off-" + stage, !box.checked); };
      box.addEventListener("change", apply);
      apply();
    })(boxes[i]);
  }
  body.setAttribute("data-ready", "1");
})();
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _stage_css(stages: Sequence[str]) -> str:
    rules = []
    for k, s in enumerate(stages):
        colour, bg = PALETTE[k % len(PALETTE)]
        sel = f'[data-stage="{s}"]'
        rules.append(f"{sel}{{--c:{colour};--bg:{bg}}}")
        rules.append(f".off-{s} .m{sel}{{background:none;color:inherit;text-decoration:none}}")
        rules.append(f".off-{s} .m{sel} .g{{display:none}}")
    return "\n".join(rules)


def _text(text: str, removed: bool) -> str:
    """Escaped mark text; line and page breaks get a visible glyph, and so do removed spaces.

    An inserted space (a Latin line join) stays a plain space: its highlight shows it.
    """
    out = []
    for ch in text:
        glyph = GLYPHS.get(ch) if removed or ch in "\n\f" else None
        if glyph is None:
            out.append(_e(ch))
        else:
            out.append(f'<span class="g">{glyph}</span>' + ("\n" if ch == "\n" else ""))
    return "".join(out)


def _runs_html(doc: Document, runs: Sequence[Run], *, trim_end: bool) -> str:
    runs = list(runs)
    if trim_end and runs and runs[-1].kind == "same":
        runs[-1] = runs[-1]._replace(text=runs[-1].text.rstrip("\n"))
    out = []
    for r in runs:
        if r.kind == "same" or r.edit is None:
            out.append(_e(r.text.replace("\f", GLYPHS["\f"])))
            continue
        stage, e = edit_of(doc, r.edit)
        tag = "del" if r.kind == "del" else "ins"
        title = f"{stage}: {e.reason}" + (f" (confidence {e.confidence:g})" if e.confidence < 1 else "")
        out.append(f'<{tag} class="m" data-stage="{_e(stage)}" title="{_e(title)}">{_text(r.text, r.kind == "del")}</{tag}>')
    return "".join(out)


def _paragraph_row(doc: Document, p: MarkedParagraph) -> str:
    lines = f"{p.raw_first}" if p.raw_first == p.raw_last else f"{p.raw_first}–{p.raw_last}"
    edits = [edit_of(doc, e) for e in p.edits]
    low = [e.confidence for _, e in edits if e.confidence < 1]
    badge = f' <span class="conf" title="a decision the stage found ambiguous">?{min(low):g}</span>' if low else ""
    items = []
    for stage, e in edits:
        conf = f" [confidence {e.confidence:g}]" if e.confidence < 1 else ""
        items.append(
            f'<li data-stage="{_e(stage)}"><span class="stage">{_e(stage)}</span> {_e(e.reason)}{_e(conf)}'
            f'<br><span class="q">{_e(excerpt(e))}</span></li>'
        )
    plural = "" if len(edits) == 1 else "s"
    details = f"<details><summary>{len(edits)} edit{plural}</summary><ol>{''.join(items)}</ol></details>" if edits else ""
    return (
        f'<tr class="para" id="d{doc.index}p{p.index}"><td class="n">¶{p.index} · lines {lines}{badge}{details}</td>'
        f'<td class="raw">{_runs_html(doc, p.raw_runs, trim_end=True)}</td>'
        f'<td class="clean">{_runs_html(doc, p.clean_runs, trim_end=True)}</td></tr>'
    )


def _summary(docs: Sequence[Document], paragraphs: Sequence[int], stages: Sequence[str]) -> str:
    head = "".join(f'<th data-stage="{_e(s)}"><span class="stage">{_e(s)}</span></th>' for s in stages)
    rows = []
    totals = [0] * len(stages)
    for d, n in zip(docs, paragraphs):
        counts = d.edit_counts()
        cells = []
        for k, s in enumerate(stages):
            totals[k] += counts.get(s, 0)
            cells.append(f"<td>{counts.get(s, 0)}</td>")
        rows.append(
            f'<tr><td>{d.index}</td><td class="t"><a href="#doc-{d.index}">{_e(d.title)}</a></td>'
            f"<td>{d.first_line}–{d.last_line}</td><td>{n}</td>{''.join(cells)}<td>{sum(counts.values())}</td></tr>"
        )
    foot = (
        f'<tr><td></td><td class="t">{len(docs)} document{"" if len(docs) == 1 else "s"}</td><td></td><td>{sum(paragraphs)}</td>'
        + "".join(f"<td>{t}</td>" for t in totals)
        + f"<td>{sum(totals)}</td></tr>"
    )
    return (
        '<table class="summary"><thead><tr><th>#</th><th class="t">title</th><th>raw lines</th><th>paragraphs</th>'
        f"{head}<th>edits</th></tr></thead><tbody>{''.join(rows)}</tbody><tfoot>{foot}</tfoot></table>"
    )


def render_report(source: str, docs: Sequence[Document], stages: Sequence[str]) -> str:
    """The whole report for the documents of one source, as an HTML string."""
    used = [s for s in stages if any(s in d.edit_counts() for d in docs)]
    used += sorted({s for d in docs for s in d.edit_counts()} - set(used))
    marked = [marked_paragraphs(d) for d in docs]
    edits = {s: sum(d.edit_counts().get(s, 0) for d in docs) for s in used}
    filters = "".join(
        f'<label data-stage="{_e(s)}" title="{MARKS_HELP}"><input type="checkbox" data-filter="{_e(s)}" checked> {_e(s)} '
        f'<small data-count="{_e(s)}" data-edits="{edits[s]}"></small></label>'
        for s in used
    )
    sections = []
    for d, paras in zip(docs, marked):
        counts = ", ".join(f"{_e(s)} {n}" for s, n in d.edit_counts().items()) or "no edits"
        rows = "".join(_paragraph_row(d, p) for p in paras)
        sections.append(
            f'<section class="doc" id="doc-{d.index}"><h2>{d.index}. {_e(d.title)}</h2>'
            f'<p class="meta">raw lines {d.first_line}–{d.last_line} · {len(paras)} paragraphs · {counts}</p>'
            f'<table class="pairs"><thead><tr><th class="n">¶</th><th class="raw">raw</th><th>clean</th></tr></thead>'
            f"<tbody>{rows}</tbody></table></section>"
        )
    return (
        '<!DOCTYPE html>\n<html lang="zh"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>textmend report: {_e(source)}</title><style>{CSS}{_stage_css(used)}</style></head>\n"
        f'<body><header><h1>textmend report: {_e(source)}</h1>'
        f'<div id="filter">Show changes by stage: {filters}</div></header>\n'
        f"<main>{_summary(docs, [len(p) for p in marked], used)}\n" + "\n".join(sections) + f"</main>\n<script>{JS}</script></body></html>\n"
    )
