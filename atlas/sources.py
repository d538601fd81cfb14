"""The `source` of a record as a list of cited pages: `Page title — https://url` entries
joined by `; ` (the first is the main source). Older sources are plain text; an entry
without a link keeps its text as its title."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from atlas.escape import markdown
from atlas.models import url_problem

SEPARATOR = "; "
_TITLE_AND_URL = re.compile(r"^(?P<title>.*?)\s+[—–-]\s+(?P<url>https?://\S+)$", re.IGNORECASE)


@dataclass(frozen=True)
class Source:
    """One cited page: its title and, when the entry gives a valid one, its http(s) URL."""

    title: str
    url: str | None = None


def parse_sources(text: str | None) -> list[Source]:
    """The entries of a source text, in order: "Title — https://a; https://b" ->
    [Source("Title", "https://a"), Source("https://b", "https://b")]."""
    found: list[Source] = []
    for entry in (text or "").split(";"):
        entry = entry.strip()
        if not entry:
            continue
        match = _TITLE_AND_URL.match(entry)
        title, url = (match["title"].strip(), match["url"]) if match else (entry, entry)
        if url_problem(url) is not None:
            found.append(Source(entry))
        else:
            found.append(Source(title or url, url))
    return found


def source_url_problem(text: str | None) -> str | None:
    """The rule "a practice's source cites at least one http(s) page", in words; None
    when kept."""
    if any(source.url for source in parse_sources(text)):
        return None
    return "no http(s) URL: write each source as 'Page title — https://…', entries joined by '; '"


def markdown_link(source: Source) -> str:
    """The source as Markdown: a link titled with its escaped title, or escaped text."""
    if source.url is None:
        return markdown(source.title)
    # The URL has no spaces (url_problem); brackets and angle brackets would end the link.
    target = quote(source.url, safe=":/?#@!$&'*+,;=%~-._")
    return f"[{markdown(source.title)}]({target})"
