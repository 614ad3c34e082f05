"""The library's models, split by concern."""

from .appropriation import (
    Bookmark,
    Collection,
    Comment,
    CommentReport,
    DigestFrequency,
    DigestSubscription,
    Follow,
    UsefulVote,
)
from .items import (
    DossierPage,
    DossierPart,
    ItemKind,
    LearningPage,
    LibraryIndexPage,
    LibraryItem,
    NewsPage,
    PublicationKind,
    PublicationPage,
    ToolDocument,
    ToolPage,
)
from .reuse import Reinvestment

__all__ = [
    "Bookmark",
    "Collection",
    "Comment",
    "CommentReport",
    "DigestFrequency",
    "DigestSubscription",
    "DossierPage",
    "DossierPart",
    "Follow",
    "ItemKind",
    "LearningPage",
    "LibraryIndexPage",
    "LibraryItem",
    "NewsPage",
    "PublicationKind",
    "PublicationPage",
    "Reinvestment",
    "ToolDocument",
    "ToolPage",
    "UsefulVote",
]
