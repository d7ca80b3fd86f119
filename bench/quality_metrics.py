"""Metrics for bench/quality.py: compare a system's documents of paragraphs with the gold.

Everything is measured on the *whitespace-free* character stream of the gold and of the
system output, aligned by edit distance (rapidfuzz). Whitespace does not count as content;
where the whitespace was (a paragraph break, a document break, a space inside a paragraph) is
recorded as positions in the stream and compared through the alignment.

A position k is the boundary between stream characters k-1 and k.

Needs only rapidfuzz.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

Docs = list[list[str]]  # documents of paragraphs (one output line each)


@dataclass
class Stream:
    chars: str                                   # whitespace removed
    para_breaks: list[int] = field(default_factory=list)  # boundaries between paragraphs (incl. document breaks)
    doc_breaks: list[int] = field(default_factory=list)   # boundaries between documents
    excluded: set[int] = field(default_factory=set)       # gold only: breaks between two title-block lines
    spaces: set[int] = field(default_factory=set)         # whitespace between two non-space chars inside a paragraph
    paragraphs: list[str] = field(default_factory=list)   # whitespace-normalised paragraphs


def _norm(p: str) -> str:
    return " ".join(p.split())


def stream_of(docs: Docs, title_lines: list[int] | None = None) -> Stream:
    """Flatten documents of paragraphs. `title_lines[d]` = number of title-block lines of document d
    (gold only): the breaks between them are excluded from break scoring."""
    parts: list[str] = []
    s = Stream("")
    pos = 0
    for d, paras in enumerate(docs):
        paras = [p for p in paras if p and not p.isspace()]
        if not paras:
            continue
        if pos > 0:
            s.doc_breaks.append(pos)
        for i, p in enumerate(paras):
            if pos > 0 and (i > 0 or s.doc_breaks and s.doc_breaks[-1] == pos):
                s.para_breaks.append(pos)
                if i > 0 and title_lines is not None and i < title_lines[d]:
                    s.excluded.add(pos)
            words = p.split()
            for w, word in enumerate(words):
                if w:
                    s.spaces.add(pos)
                parts.append(word)
                pos += len(word)
            s.paragraphs.append(" ".join(words))
    s.chars = "".join(parts)
    # excluded breaks are not breaks to find
    s.para_breaks = [b for b in s.para_breaks if b not in s.excluded]
    return s


def gold_docs(gold: dict) -> tuple[Docs, list[int]]:
    docs = [d["title_block"] + d["paragraphs"] for d in gold["documents"]]
    return docs, [len(d["title_block"]) for d in gold["documents"]]


@dataclass
class Alignment:
    """Alignment of the system stream (s) to the gold stream (g)."""
    opcodes: list  # (tag, g1, g2, s1, s2) with tags from Levenshtein.opcodes(gold, sys)
    lost: int      # gold characters deleted (content lost)
    inserted: int  # system characters not in gold (left-over furniture, junk)
    replaced: int  # substitutions (OCR misreads, changed punctuation)
    g_of_s: list[int]  # per system char: the gold index it equals, or -1
    s_of_g: list[int]  # per gold char: the system index it equals, or -1

    @property
    def distance(self) -> int:
        return self.lost + self.inserted + self.replaced


def align(g: str, s: str) -> Alignment:
    ops = Levenshtein.editops(g, s)
    tags = Counter(op.tag for op in ops)
    opcodes = [tuple(o) for o in ops.as_opcodes()]
    g_of_s = [-1] * len(s)
    s_of_g = [-1] * len(g)
    for tag, g1, g2, s1, s2 in opcodes:
        if tag == "equal":
            for k in range(g2 - g1):
                g_of_s[s1 + k] = g1 + k
                s_of_g[g1 + k] = s1 + k
    return Alignment(opcodes, tags["delete"], tags["insert"], tags["replace"], g_of_s, s_of_g)


MOVE_SPAN = 500


def leftover_chars(al: Alignment, g: str, s: str, span: int = MOVE_SPAN) -> int:
    """Inserted characters that are left over (furniture, junk), not gold characters moved.

    An extractor that scrambles a table (pdfminer writes it column by column) moves gold
    characters: the alignment counts them as lost in one place and inserted in another, though
    the output has every one of them. So differences less than `span` characters apart form one
    stretch, and in each stretch the inserted characters count only beyond what the stretch lost
    of the same characters (as multisets); never more than the stretch's inserted characters, so
    an OCR misread (a replacement) is no left-over. A left-over page number counts unless the
    same digit is missing within the stretch.
    """
    total = 0
    lost: Counter = Counter()
    extra: Counter = Counter()
    inserted = 0

    def close() -> int:
        return min(inserted, (extra - lost).total())

    for tag, g1, g2, s1, s2 in al.opcodes:
        if tag == "equal":
            if g2 - g1 >= span:
                total += close()
                lost, extra, inserted = Counter(), Counter(), 0
            continue
        lost.update(g[g1:g2])
        extra.update(s[s1:s2])
        if tag == "insert":
            inserted += s2 - s1
    return total + close()


def map_boundaries(al: Alignment, positions: list[int]) -> list[tuple[int, int]]:
    """Map system boundaries to intervals [lo, hi] of gold boundaries.

    Inside an equal block a boundary maps to one gold boundary; next to or inside a gap (lost,
    inserted or replaced characters) it maps to every gold boundary the gap spans, so a break
    next to a lost character, or around a left-over page number, still lands where it belongs.
    """
    starts = [op[3] for op in al.opcodes]
    out = []
    for j in positions:
        lo = hi = None
        # blocks whose system range [s1, s2] contains boundary j (at most a few)
        b = bisect.bisect_right(starts, j) - 1
        while b >= 0 and al.opcodes[b][4] >= j:
            tag, g1, g2, s1, s2 = al.opcodes[b]
            if tag == "equal":
                a = z = g1 + (j - s1)
            elif tag == "replace" and j == s1:
                a = z = g1
            elif tag == "replace" and j == s2:
                a = z = g2
            else:  # inside a replacement, anywhere in an insertion (g1 == g2), at a deletion (s1 == s2)
                a, z = g1, g2
            lo = a if lo is None else min(lo, a)
            hi = z if hi is None else max(hi, z)
            b -= 1
        if lo is None:  # empty alignment
            lo = hi = 0
        out.append((lo, hi))
    return out


@dataclass
class PRF:
    tp: int = 0
    pred: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.pred if self.pred else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __iadd__(self, o: "PRF") -> "PRF":
        self.tp += o.tp
        self.pred += o.pred
        self.gold += o.gold
        return self


def match_breaks(pred: list[tuple[int, int]], gold: list[int], excluded: set[int], n_gold: int) -> PRF:
    """Greedy matching of predicted break intervals to gold break positions.

    Predicted breaks mapping to the same interval count once (the breaks around a left-over
    page number). A prediction that can only be an excluded (title-block) break, or that sits
    at the very start or end of the gold stream, is ignored.
    """
    gold_sorted = sorted(gold)
    used: set[int] = set()
    excl = sorted(excluded)
    res = PRF(gold=len(gold))
    for lo, hi in sorted(set(pred)):
        i = bisect.bisect_left(gold_sorted, lo)
        while i < len(gold_sorted) and gold_sorted[i] <= hi and gold_sorted[i] in used:
            i += 1
        if i < len(gold_sorted) and gold_sorted[i] <= hi:
            used.add(gold_sorted[i])
            res.tp += 1
            res.pred += 1
            continue
        e = bisect.bisect_left(excl, lo)
        if e < len(excl) and excl[e] <= hi:
            continue
        if hi <= 0 or lo >= n_gold:
            continue
        res.pred += 1
    return res


@dataclass
class Score:
    gold_chars: int = 0
    sys_chars: int = 0
    lost: int = 0
    inserted: int = 0
    replaced: int = 0
    paras: PRF = field(default_factory=PRF)
    docs: PRF = field(default_factory=PRF)
    gold_paragraphs: int = 0
    exact_paragraphs: int = 0
    gold_spaces: int = 0        # real spaces in gold that could be measured (aligned on both sides)
    lost_spaces: int = 0
    artifact_spaces: int = 0
    leftover: int = 0           # inserted characters that are not gold characters moved (see leftover_chars)

    @property
    def distance(self) -> int:
        return self.lost + self.inserted + self.replaced

    @property
    def content_error(self) -> float:
        return self.distance / self.gold_chars if self.gold_chars else float(self.sys_chars > 0)

    @property
    def exact_share(self) -> float:
        return self.exact_paragraphs / self.gold_paragraphs if self.gold_paragraphs else 1.0

    def __iadd__(self, o: "Score") -> "Score":
        for k in ("gold_chars", "sys_chars", "lost", "inserted", "replaced", "gold_paragraphs",
                  "exact_paragraphs", "gold_spaces", "lost_spaces", "artifact_spaces", "leftover"):
            setattr(self, k, getattr(self, k) + getattr(o, k))
        self.paras += o.paras
        self.docs += o.docs
        return self

    def as_dict(self) -> dict:
        return {
            "content_error": round(self.content_error, 5),
            "gold_chars": self.gold_chars, "sys_chars": self.sys_chars,
            "lost_chars": self.lost, "inserted_chars": self.inserted, "replaced_chars": self.replaced,
            "para_break": {"precision": round(self.paras.precision, 4), "recall": round(self.paras.recall, 4),
                           "f1": round(self.paras.f1, 4), "tp": self.paras.tp, "pred": self.paras.pred,
                           "gold": self.paras.gold},
            "doc_break": {"precision": round(self.docs.precision, 4), "recall": round(self.docs.recall, 4),
                          "f1": round(self.docs.f1, 4), "tp": self.docs.tp, "pred": self.docs.pred,
                          "gold": self.docs.gold},
            "exact_paragraphs": round(self.exact_share, 4),
            "exact_paragraphs_n": self.exact_paragraphs, "gold_paragraphs": self.gold_paragraphs,
            "gold_spaces": self.gold_spaces, "lost_spaces": self.lost_spaces,
            "artifact_spaces": self.artifact_spaces,
            "leftover_chars": self.leftover,
        }


def score(gold: dict | Docs, system: Docs) -> Score:
    """Score a system's documents of paragraphs against a gold dict (or plain gold docs)."""
    if isinstance(gold, dict):
        gdocs, tl = gold_docs(gold)
    else:
        gdocs, tl = gold, None
    g = stream_of(gdocs, tl)
    s = stream_of(system)
    al = align(g.chars, s.chars)
    out = Score(gold_chars=len(g.chars), sys_chars=len(s.chars), lost=al.lost, inserted=al.inserted,
                replaced=al.replaced)
    out.leftover = leftover_chars(al, g.chars, s.chars)
    n = len(g.chars)
    out.paras = match_breaks(map_boundaries(al, s.para_breaks), g.para_breaks, g.excluded, n)
    out.docs = match_breaks(map_boundaries(al, s.doc_breaks), g.doc_breaks, set(), n)

    have = Counter(s.paragraphs)
    out.gold_paragraphs = len(g.paragraphs)
    for p in g.paragraphs:
        if have[p] > 0:
            have[p] -= 1
            out.exact_paragraphs += 1

    # spaces, measured only where both neighbouring characters are aligned as equal
    s_breaks = set(s.para_breaks) | set(s.doc_breaks)
    g_ws = g.spaces | set(g.para_breaks) | set(g.doc_breaks) | g.excluded
    for k in g.spaces:
        a, b = al.s_of_g[k - 1], al.s_of_g[k]
        if a < 0 or b != a + 1:
            continue
        out.gold_spaces += 1
        if b not in s.spaces and b not in s_breaks:
            out.lost_spaces += 1
    for j in s.spaces:
        a, b = al.g_of_s[j - 1], al.g_of_s[j]
        if a < 0 or b != a + 1:
            continue
        if b not in g_ws:
            out.artifact_spaces += 1
    return out
