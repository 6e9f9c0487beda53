"""Small builders for test data (hand-made, not taken from the seed articles)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

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


_OBLAST = {"Odesa": "Odesa", "Izmail": "Odesa", "Kharkiv": "Kharkiv"}

#: strike reports as drawn by hypothesis: few articles, places, days and weapons, so that
#: reports meet in cells, join and split incidents, and repeat
strike_reports = st.lists(st.builds(
    lambda a, place, d, weapon, status, new, killed, claimed: strike(
        f"a{a}", location=place, oblast=_OBLAST[place], day=date(2024, 3, 1) + timedelta(days=d),
        weapon_class=weapon, status=status, new=new, killed=killed, claimed_killed=claimed,
        claimed_by="Russian MoD" if claimed is not None else None),
    st.integers(0, 5), st.sampled_from(sorted(_OBLAST)), st.integers(0, 2),
    st.sampled_from(["drone", "missile", "unknown"]), st.sampled_from(["confirmed", "claimed", "disputed"]),
    st.booleans(), st.none() | st.integers(0, 9), st.none() | st.integers(0, 30),
), max_size=30)
