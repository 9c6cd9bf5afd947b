"""Walk the pages a user can reach by following links, and read what each page shows.

Used by the walk-every-page test: from the home page, follow every same-site link (GET only), at most
`per_view` distinct addresses per URL name, and report what a reader would trip over: English words where
Chinese belongs, Python's `None`, money without thousands separators, and server errors.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlsplit

from django.urls import Resolver404, resolve
from lxml import html as lxml_html

# Words that may stand alone in Latin letters: acronyms and names of formats and units.
ALLOWED_WORDS = frozenset(
    {
        "api",
        "excel",
        "pdf",
        "word",
        "docx",
        "xlsx",
        "csv",
        "id",
        "qr",
        "url",
        "http",
        "https",
        "km",
        "kg",
        "cm",
        "mm",
        "ml",
        "m",
        "g",
        "h",
        "mb",
        "kb",
        "gb",
        "wps",
        "ok",
        "svg",
        "png",
        "jpg",
        "hpv",
        "tct",
        "b",
        "x",
    }
)
_WORD = re.compile(r"[A-Za-z]{2,}")
_NONE = re.compile(r"\b(None|nan|NaN|null)\b")
# 700000.00 or 12345.5 (no thousands separator) — but not a date such as 2024.12 or a code.
_RAW_MONEY = re.compile(r"(?<![\d,.])\d{4,}\.\d{1,2}(?![\d.])")
_YEAR_MONTH = re.compile(r"^(19|20)\d\d\.(0?[1-9]|1[0-2])$")
_SKIP_TAGS = {"script", "style", "template", "noscript", "code", "pre", "textarea"}
# Links not worth following: downloads, logout, the API and the Django admin (not the site's UI).
_SKIP_PREFIXES = ("/api/", "/django-admin/", "/static/", "/media/", "/accounts/logout/")
_SKIP_NAME_PARTS = ("export", "docx", "pdf", "template", "receipt", "evidence", "qr", "attachment", "unmask")


@dataclass
class Problem:
    url: str
    kind: str
    text: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.url}: {self.text}"


@dataclass
class WalkResult:
    visited: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)


def _hidden(el) -> bool:
    while el is not None:
        if not isinstance(el.tag, str):
            return True
        if el.tag in _SKIP_TAGS or el.get("hidden") is not None or el.get("translate") == "no":
            return True
        el = el.getparent()
    return False


def visible_texts(doc) -> list[str]:
    """Visible text nodes, placeholders and titles of a parsed page (machine text marked translate=no
    is left out)."""
    texts = []
    for el in doc.iter():
        if not isinstance(el.tag, str) or _hidden(el):
            continue
        for attr in ("placeholder", "title", "aria-label"):
            if el.get(attr):
                texts.append(el.get(attr))
        if el.text and el.text.strip():
            texts.append(el.text.strip())
        if el.tail and el.tail.strip() and el.getparent() is not None and not _hidden(el.getparent()):
            texts.append(el.tail.strip())
    return texts


def english_words(text: str) -> list[str]:
    """Words of Latin letters only (not codes such as WQ2026000001 or C-ED-01, not addresses) in a text
    that has no Chinese in it, other than the allowed acronyms and units."""
    if re.search(r"[\u4e00-\u9fff]", text):
        return []
    words = [t.strip(".,:;!?()[]\"'") for t in text.split()]
    return [
        w for w in words if _WORD.fullmatch(w) and not _NONE.fullmatch(w) and w.lower() not in ALLOWED_WORDS
    ]


def read_page(url: str, body: str) -> tuple[list[Problem], list[str]]:
    """The problems a reader would see on one page, and the page's links."""
    doc = lxml_html.fromstring(body)
    problems = []
    for text in visible_texts(doc):
        words = english_words(text)
        if words:
            problems.append(Problem(url, "英文", text))
        if _NONE.search(text):
            problems.append(Problem(url, "None", text))
        for m in _RAW_MONEY.finditer(text):
            if not _YEAR_MONTH.match(m.group()):
                problems.append(Problem(url, "金额未格式化", text))
    links = [a.get("href") for a in doc.iter("a") if a.get("href")]
    return problems, links


def _url_name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def walk(client, start: str = "/", *, per_view: int = 1, limit: int = 400) -> WalkResult:
    """Follow same-site links from `start`, at most `per_view` addresses per URL name."""
    result = WalkResult()
    seen: set[str] = set()
    per_name: Counter = Counter()
    queue = deque([start])
    while queue and len(result.visited) < limit:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        result.visited.append(url)
        result.statuses[response.status_code] += 1
        if response.status_code >= 500:
            result.problems.append(Problem(url, "服务器错误", str(response.status_code)))
            continue
        if response.status_code in (403, 404):
            # A link the page offered leads nowhere for this user: the page should not have offered it.
            result.problems.append(Problem(url, "链接打不开", str(response.status_code)))
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        problems, links = read_page(url, response.content.decode())
        result.problems.extend(problems)
        for href in links:
            nxt = _next(url, href)
            if nxt is None or nxt in seen:
                continue
            name = _url_name(urlsplit(nxt).path)
            if name is None or any(part in name for part in _SKIP_NAME_PARTS):
                continue
            if per_name[name] >= per_view:
                continue
            per_name[name] += 1
            queue.append(nxt)
    return result


def _next(current: str, href: str) -> str | None:
    href = urldefrag(href)[0]
    if not href or href.startswith(("mailto:", "tel:", "javascript:")):
        return None
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    if not parts.path.startswith("/"):
        base = urlsplit(current).path
        path = base.rsplit("/", 1)[0] + "/" + parts.path if parts.path else base
    else:
        path = parts.path
    if path.startswith(_SKIP_PREFIXES):
        return None
    return path + (f"?{parts.query}" if parts.query else "")
