"""Small builders for test data (hand-made, not taken from the seed articles)."""

from __future__ import annotations

from datetime import date

from schemas import StrikeEvent


def strike(article: str = "a1", *, location: str | None = "Odesa", oblast: str | None = "Odesa",
           day: date | None = date(2024, 3, 2), weapon_class: str = "drone", killed: int | None = None,
           injured: int | None = None, status: str = "confirmed", published: date | None = None,
           new: bool = True, country: str = "Ukraine", **extra) -> StrikeEvent:
    return StrikeEvent(
        event_id=f"{article}-{location}-{day}-{weapon_class}", article_id=article, source=f"src-{article}",
        published=published if published is not None else day, location=location, oblast=oblast,
        country=country, date=day, weapon_class=weapon_class, killed=killed, injured=injured,
        status=status, new=new, **extra,
    )
