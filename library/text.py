"""Turning rich text into plain text, sanitising what people paste, and item addresses."""

from __future__ import annotations

import html
import re

import nh3

# What survives in rich text written on the public site or imported: structure and
# links, nothing that runs or styles.
ALLOWED_TAGS = {"p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "ul", "ol", "li", "a", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}

_TAG = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote)>|<br\s*/?>", re.IGNORECASE)


def sanitise_html(value: str) -> str:
    """HTML reduced to safe structure: no script, style, event handler or javascript: link."""
    return nh3.clean(
        value or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def html_to_text(value: str) -> str:
    """The words of an HTML fragment, for the index and for summaries."""
    text = _BLOCK_END.sub(" ", value or "")
    text = _TAG.sub("", text)
    return " ".join(html.unescape(text).split())


def item_path(page) -> str:
    """The public address of a library page without asking the database for its site.

    Pages live under a home page per language (/home/…, /home-en/…); the French site
    is unprefixed and the English one under /en/.
    """
    parts = page.url_path.strip("/").split("/")[1:]
    path = "/" + "/".join(parts) + "/" if parts else "/"
    language = page.locale.language_code if page.locale_id else "fr"
    return path if language == "fr" else f"/{language}{path}"
