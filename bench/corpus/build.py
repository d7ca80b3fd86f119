"""Rebuild the quality corpus: source texts -> gold JSON -> FODT -> PDF -> extractions -> OCR.

    python3 bench/corpus/build.py            # everything
    python3 bench/corpus/build.py --no-ocr   # skip tesseract (keeps existing OCR files)
    python3 bench/corpus/build.py --sources en-prose,mixed

Needs LibreOffice (soffice), poppler-utils, tesseract (+chi_sim, chi_tra), fonts-noto-cjk,
hyphen-en-us, and the Python packages pdfminer.six, pypdf, pymupdf. See README.md.
Intermediate files (FODT, PDF, PNG) go to bench/corpus/build/ which is not committed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
GOLD = HERE / "gold"
RAW = HERE / "raw"
BUILD = HERE / "build"
MANIFEST = HERE / "manifest.json"

LAYOUTS = ("A", "B", "C")
EXTRACTORS = ("pdftotext", "pdftotext-layout", "pdfminer", "pypdf", "pymupdf")
# OCR subset: layout A of these sources, every page.
OCR_SOURCES = {"zh-hans-prose": "chi_sim", "zh-hant-prose": "chi_tra", "en-prose": "eng", "mixed": "chi_sim+eng"}
OCR_LAYOUTS = ("A",)


# ---------------------------------------------------------------- source texts

@dataclass
class Block:
    kind: str  # T title-block line, H heading, P paragraph, L list item, C command, R right-aligned, B table row
    text: str

    @property
    def gold(self) -> str:
        if self.kind == "B":
            return " ".join(c.strip() for c in self.text.split("|"))
        return self.text


@dataclass
class Source:
    name: str
    lang: str
    book: str
    folio_b: str  # footer pattern of layout B, N = page number
    docs: list[list[Block]] = field(default_factory=list)


def read_source(path: Path) -> Source:
    meta: dict[str, str] = {}
    docs: list[list[Block]] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        if line.startswith("# "):
            k, _, v = line[2:].partition(":")
            meta[k.strip()] = v.strip()
        elif line.strip() == "%doc":
            docs.append([])
        else:
            kind, _, text = line.partition(" ")
            if kind not in {"T", "H", "P", "L", "C", "R", "B"} or not text.strip() or not docs:
                raise SystemExit(f"{path}:{n}: bad line {line!r}")
            docs[-1].append(Block(kind, text.strip()))
    return Source(path.stem, meta["lang"], meta["book"], meta.get("booklayoutB", "— N —"), docs)


def gold_of(src: Source) -> dict:
    documents = []
    for doc in src.docs:
        title = [b.gold for b in doc if b.kind == "T"]
        if [b.kind for b in doc[: len(title)]] != ["T"] * len(title):
            raise SystemExit(f"{src.name}: title-block lines must come first in a document")
        documents.append({"title_block": title, "paragraphs": [b.gold for b in doc[len(title):]]})
    return {"source": src.name, "lang": src.lang, "licence": "CC0-1.0", "documents": documents}


# ---------------------------------------------------------------- FODT

NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
    'office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text"'
)


def _inline(text: str) -> str:
    out = escape(text)
    while "  " in out:
        out = out.replace("  ", " <text:s/>", 1)
    return out


def _row(text: str) -> str:
    return "<text:tab/>".join(_inline(c.strip()) for c in text.split("|"))


@dataclass
class Layout:
    name: str
    width_cm: float
    height_cm: float
    inner_cm: float
    outer_cm: float
    size_pt: float
    indent: bool          # first-line indent (2 em)
    header: str           # "book" | "alternate" | ""
    footer: str           # "number" | "patternB"
    tabs_cm: tuple[float, float]


LAYOUT = {
    "A": Layout("A", 14.8, 21.0, 2.0, 2.0, 10.5, False, "book", "number", (4.6, 7.8)),
    "B": Layout("B", 14.8, 21.0, 1.8, 1.8, 11.0, False, "", "patternB", (4.8, 8.2)),
    "C": Layout("C", 14.8, 21.0, 3.0, 2.4, 10.0, True, "alternate", "number", (4.3, 6.9)),
}


def fodt(src: Source, lay: Layout) -> str:
    hans = src.lang != "zh-Hant"
    cjk_serif = "Noto Serif CJK SC" if hans else "Noto Serif CJK TC"
    cjk_mono = "Noto Sans Mono CJK SC" if hans else "Noto Sans Mono CJK TC"
    country_asian = "CN" if hans else "TW"
    sz = lay.size_pt
    indent = f"{2 * sz:.1f}pt" if lay.indent and src.lang != "en" else (f"{1.5 * sz:.1f}pt" if lay.indent else "0pt")
    gap = "0cm" if lay.indent else "0.18cm"
    hyph = 'fo:hyphenate="true" fo:hyphenation-remain-char-count="2" fo:hyphenation-push-char-count="2"'
    t1, t2 = lay.tabs_cm
    tabs = (f'<style:tab-stops><style:tab-stop style:position="{t1}cm"/>'
            f'<style:tab-stop style:position="{t2}cm"/></style:tab-stops>')
    styles = f"""
<office:font-face-decls>
 <style:font-face style:name="Liberation Serif" svg:font-family="'Liberation Serif'" style:font-family-generic="roman"/>
 <style:font-face style:name="DejaVu Sans Mono" svg:font-family="'DejaVu Sans Mono'" style:font-pitch="fixed"/>
 <style:font-face style:name="{cjk_serif}" svg:font-family="'{cjk_serif}'"/>
 <style:font-face style:name="{cjk_mono}" svg:font-family="'{cjk_mono}'"/>
</office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:paragraph-properties fo:orphans="2" fo:widows="2" style:line-break="strict" style:punctuation-wrap="simple"/>
  <style:text-properties style:font-name="Liberation Serif" fo:font-size="{sz}pt" fo:language="en" fo:country="US"
   style:font-name-asian="{cjk_serif}" style:font-size-asian="{sz}pt" style:language-asian="zh" style:country-asian="{country_asian}"/>
 </style:default-style>
 <style:style style:name="Body" style:family="paragraph">
  <style:paragraph-properties fo:text-align="justify" fo:text-indent="{indent}" fo:margin-top="0cm" fo:margin-bottom="{gap}"/>
  <style:text-properties {hyph}/>
 </style:style>
 <style:style style:name="Title" style:family="paragraph" style:default-outline-level="1">
  <style:paragraph-properties fo:text-align="center" fo:margin-top="0.4cm" fo:margin-bottom="0.25cm" fo:keep-with-next="always"/>
  <style:text-properties fo:font-size="{sz + 5}pt" style:font-size-asian="{sz + 5}pt" fo:font-weight="bold" style:font-weight-asian="bold"/>
 </style:style>
 <style:style style:name="TitleNewPage" style:family="paragraph" style:parent-style-name="Title" style:default-outline-level="1">
  <style:paragraph-properties fo:break-before="page"/>
 </style:style>
 <style:style style:name="Subtitle" style:family="paragraph">
  <style:paragraph-properties fo:text-align="center" fo:margin-bottom="0.15cm" fo:keep-with-next="always"/>
  <style:text-properties fo:font-size="{sz + 0.5}pt" style:font-size-asian="{sz + 0.5}pt"/>
 </style:style>
 <style:style style:name="Heading" style:family="paragraph" style:default-outline-level="2">
  <style:paragraph-properties fo:margin-top="0.3cm" fo:margin-bottom="0.15cm" fo:keep-with-next="always"/>
  <style:text-properties fo:font-size="{sz + 1}pt" style:font-size-asian="{sz + 1}pt" fo:font-weight="bold" style:font-weight-asian="bold"/>
 </style:style>
 <style:style style:name="List" style:family="paragraph">
  <style:paragraph-properties fo:text-align="justify" fo:margin-left="0.9cm" fo:text-indent="-0.5cm" fo:margin-bottom="0.06cm"/>
  <style:text-properties {hyph}/>
 </style:style>
 <style:style style:name="Code" style:family="paragraph">
  <style:paragraph-properties fo:margin-left="0.5cm" fo:margin-top="0.08cm" fo:margin-bottom="0.12cm"/>
  <style:text-properties style:font-name="DejaVu Sans Mono" fo:font-size="{sz - 1}pt" style:font-name-asian="{cjk_mono}" style:font-size-asian="{sz - 1}pt"/>
 </style:style>
 <style:style style:name="Right" style:family="paragraph">
  <style:paragraph-properties fo:text-align="end" fo:margin-bottom="0.06cm"/>
 </style:style>
 <style:style style:name="Table" style:family="paragraph">
  <style:paragraph-properties fo:margin-left="0.3cm" fo:margin-bottom="0.04cm">{tabs}</style:paragraph-properties>
 </style:style>
 <style:style style:name="Header" style:family="paragraph">
  <style:paragraph-properties fo:text-align="center"/>
  <style:text-properties fo:font-size="{sz - 1.5}pt" style:font-size-asian="{sz - 1.5}pt"/>
 </style:style>
 <style:style style:name="HeaderLeft" style:family="paragraph" style:parent-style-name="Header">
  <style:paragraph-properties fo:text-align="start"/>
 </style:style>
 <style:style style:name="HeaderRight" style:family="paragraph" style:parent-style-name="Header">
  <style:paragraph-properties fo:text-align="end"/>
 </style:style>
</office:styles>"""
    page = (
        f'<style:page-layout style:name="pm1" style:page-usage="mirrored">'
        f'<style:page-layout-properties fo:page-width="{lay.width_cm}cm" fo:page-height="{lay.height_cm}cm" '
        f'fo:margin-top="1.3cm" fo:margin-bottom="1.2cm" fo:margin-left="{lay.inner_cm}cm" fo:margin-right="{lay.outer_cm}cm"/>'
        f'<style:header-style><style:header-footer-properties fo:min-height="0.5cm" fo:margin-bottom="0.35cm"/></style:header-style>'
        f'<style:footer-style><style:header-footer-properties fo:min-height="0.5cm" fo:margin-top="0.35cm"/></style:footer-style>'
        f'</style:page-layout>'
    )
    num = '<text:page-number text:select-page="current">1</text:page-number>'
    if lay.footer == "number":
        foot = f'<text:p text:style-name="Header">{num}</text:p>'
    else:
        pre, _, post = src.folio_b.partition("N")
        foot = f'<text:p text:style-name="Header">{_inline(pre)}{num}{_inline(post)}</text:p>'
    if lay.header == "book":
        head = f'<style:header><text:p text:style-name="Header">{_inline(src.book)}</text:p></style:header>'
    elif lay.header == "alternate":
        chapter = '<text:chapter text:display="name" text:outline-level="1">x</text:chapter>'
        head = (f'<style:header><text:p text:style-name="HeaderRight">{chapter}</text:p></style:header>'
                f'<style:header-left><text:p text:style-name="HeaderLeft">{_inline(src.book)}</text:p></style:header-left>')
    else:
        head = ""
    master = (f'<style:master-page style:name="Standard" style:page-layout-name="pm1">{head}'
              f'<style:footer>{foot}</style:footer></style:master-page>')

    body = []
    for d, doc in enumerate(src.docs):
        first_t = True
        for b in doc:
            if b.kind == "T" and first_t:
                st = "TitleNewPage" if d else "Title"
                body.append(f'<text:h text:style-name="{st}" text:outline-level="1">{_inline(b.text)}</text:h>')
                first_t = False
            elif b.kind == "T":
                body.append(f'<text:p text:style-name="Subtitle">{_inline(b.text)}</text:p>')
            elif b.kind == "H":
                body.append(f'<text:h text:style-name="Heading" text:outline-level="2">{_inline(b.text)}</text:h>')
            else:
                st = {"P": "Body", "L": "List", "C": "Code", "R": "Right", "B": "Table"}[b.kind]
                inner = _row(b.text) if b.kind == "B" else _inline(b.text)
                body.append(f'<text:p text:style-name="{st}">{inner}</text:p>')
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document {NS}>{styles}\n'
            f'<office:automatic-styles>{page}</office:automatic-styles>\n'
            f'<office:master-styles>{master}</office:master-styles>\n'
            f'<office:body><office:text>\n' + "\n".join(body) + '\n</office:text></office:body></office:document>\n')


def to_pdf(fodts: list[Path], outdir: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("soffice not found: apt-get install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory() as prof:
        subprocess.run([soffice, f"-env:UserInstallation=file://{prof}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(outdir), *map(str, fodts)], check=True, capture_output=True)


# ---------------------------------------------------------------- extraction

def extract(pdf: Path, extractor: str) -> str:
    if extractor == "pdftotext":
        return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True).stdout.decode()
    if extractor == "pdftotext-layout":
        return subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True).stdout.decode()
    if extractor == "pdfminer":
        from pdfminer.high_level import extract_text
        return extract_text(str(pdf))  # form feed after every page
    if extractor == "pypdf":
        from pypdf import PdfReader
        # pages joined by a plain newline: no form feeds, as many pipelines do it
        return "\n".join(p.extract_text() or "" for p in PdfReader(str(pdf)).pages) + "\n"
    if extractor == "pymupdf":
        import pymupdf
        with pymupdf.open(str(pdf)) as doc:
            return "\f".join(p.get_text() for p in doc)  # get_text() per page, pages joined by form feed
    raise ValueError(extractor)


def ocr(pdf: Path, lang: str, work: Path) -> str:
    work.mkdir(parents=True, exist_ok=True)
    for old in work.glob("p-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", str(pdf), str(work / "p")], check=True)
    pages = sorted(work.glob("p-*.png"))
    env = dict(os.environ, OMP_THREAD_LIMIT="1")

    def one(png: Path) -> str:
        out = subprocess.run(["tesseract", str(png), "-", "-l", lang], check=True, capture_output=True, env=env)
        return out.stdout.decode()

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as ex:
        texts = list(ex.map(one, pages))
    # tesseract ends each page with a form feed already
    return "".join(t if t.endswith("\f") else t + "\f" for t in texts)


# ---------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sources", help="comma-separated source names (default: all)")
    ap.add_argument("--no-ocr", action="store_true", help="skip OCR (keep existing OCR raw files)")
    args = ap.parse_args(argv)

    srcs = [read_source(p) for p in sorted(SOURCES.glob("*.txt"))]
    if args.sources:
        want = set(args.sources.split(","))
        srcs = [s for s in srcs if s.name in want]
    for d in (GOLD, RAW, BUILD):
        d.mkdir(parents=True, exist_ok=True)

    fodts = []
    for s in srcs:
        (GOLD / f"{s.name}.json").write_text(json.dumps(gold_of(s), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        for lay in LAYOUTS:
            p = BUILD / f"{s.name}.{lay}.fodt"
            p.write_text(fodt(s, LAYOUT[lay]), encoding="utf-8")
            fodts.append(p)
    print(f"typesetting {len(fodts)} FODT files with LibreOffice ...", flush=True)
    to_pdf(fodts, BUILD)

    for s in srcs:
        for lay in LAYOUTS:
            pdf = BUILD / f"{s.name}.{lay}.pdf"
            for ex in EXTRACTORS:
                (RAW / f"{s.name}.{lay}.{ex}.txt").write_text(extract(pdf, ex), encoding="utf-8")
            print(f"extracted {pdf.name}", flush=True)
            if not args.no_ocr and s.name in OCR_SOURCES and lay in OCR_LAYOUTS:
                text = ocr(pdf, OCR_SOURCES[s.name], BUILD / f"ocr-{s.name}.{lay}")
                (RAW / f"{s.name}.{lay}.tesseract.txt").write_text(text, encoding="utf-8")
                print(f"OCR {pdf.name} ({OCR_SOURCES[s.name]})", flush=True)

    # manifest lists every raw file present (so a partial rebuild keeps the others)
    entries = []
    for f in sorted(RAW.glob("*.txt")):
        source, layout, extractor = f.name[: -len(".txt")].split(".")
        entries.append({"file": f"raw/{f.name}", "source": source, "layout": layout,
                        "extractor": extractor, "ocr": extractor == "tesseract"})
    MANIFEST.write_text(json.dumps(entries, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"manifest: {len(entries)} raw files")


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    main()
