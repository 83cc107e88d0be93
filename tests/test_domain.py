from datetime import date, time

import pytest

from streamdesk.domain import (
    Campaign,
    Channel,
    Dependency,
    Initiative,
    InitiativeStatus,
    Item,
    ItemStatus,
    Plan,
    Stream,
    ValidationError,
    default_channels,
    readable_text_colour,
)
from streamdesk.domain.dependencies import (
    check_new_dependency,
    conflicts,
    push_successors,
    would_create_cycle,
)


def initiative(i: int, start: str, end: str) -> Initiative:
    return Initiative(f"I{i}", "Research", date.fromisoformat(start), date.fromisoformat(end), id=i)


def test_item_coerces_text_fields() -> None:
    item = Item("Post", "2027-02-15", 3, time="09:30", status="Published", reach="120")
    assert item.date == date(2027, 2, 15)
    assert item.time == time(9, 30)
    assert item.status is ItemStatus.PUBLISHED
    assert item.reach == 120


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"date": "2027-02-31"}, "date"),
        ({"status": "posted"}, "status"),
        ({"effort_hours": -1}, "effort hours"),
        ({"title": "  "}, "title"),
        ({"time": "25:00"}, "time"),
        ({"reach": 1.5}, "reach"),
        ({"channel_id": None}, "channel"),
    ],
)
def test_item_validation_names_the_field(kwargs: dict, field: str) -> None:
    values = {"title": "Post", "date": "2027-02-15", "channel_id": 1} | kwargs
    with pytest.raises(ValidationError) as info:
        Item(**values)
    assert info.value.field == field


def test_initiative_end_before_start_is_refused() -> None:
    with pytest.raises(ValidationError, match=r"ends .* before it starts"):
        Initiative("Research", "Research", date(2027, 3, 1), date(2027, 2, 1))


def test_initiative_defaults_and_milestone() -> None:
    milestone = Initiative("Launch", "Innovation", date(2027, 5, 1), date(2027, 5, 1))
    assert milestone.is_milestone
    assert milestone.lane == "Innovation"
    assert milestone.status is InitiativeStatus.PLANNED
    with pytest.raises(ValidationError):
        milestone.replace(progress=101)
    with pytest.raises(ValidationError, match="unknown status"):
        milestone.replace(status="finished")


def test_plan_band_and_week_start_are_checked() -> None:
    assert Plan(band_low=0.1, band_high=0.5).band_high == 0.5
    with pytest.raises(ValidationError, match="above its high end"):
        Plan(band_low=0.6, band_high=0.4)
    with pytest.raises(ValidationError, match="weekday"):
        Plan(week_start=7)


def test_channel_colour_and_campaign_dates() -> None:
    with pytest.raises(ValidationError, match="colour"):
        Channel("X", "red", Stream.DOWNSTREAM)
    with pytest.raises(ValidationError, match="ends before it starts"):
        Campaign("Spring", date(2027, 4, 1), date(2027, 3, 1))
    with pytest.raises(ValidationError, match="itself"):
        Dependency(2, 2)


def test_default_channels_cover_both_streams() -> None:
    channels = default_channels()
    names = {c.name for c in channels}
    assert {"Research", "Positioning", "Pricing", "Innovation"} <= names
    assert {"Blog/SEO", "LinkedIn", "Email", "PPC", "PR", "Sales enablement"} <= names
    assert len(names) == len(channels)
    assert {c.stream for c in channels} == {Stream.UPSTREAM, Stream.DOWNSTREAM}


def test_readable_text_colour() -> None:
    assert readable_text_colour("#FFFFFF") == "#000000"
    assert readable_text_colour("#000000") == "#FFFFFF"
    assert readable_text_colour("#EDD400") == "#000000"


def test_cycles_are_detected() -> None:
    deps = [Dependency(1, 2), Dependency(2, 3)]
    assert would_create_cycle(deps, Dependency(3, 1))
    assert not would_create_cycle(deps, Dependency(1, 3))
    with pytest.raises(ValidationError, match="cycle"):
        check_new_dependency(deps, Dependency(3, 1), {1: "Research", 3: "Launch"})
    with pytest.raises(ValidationError, match="already depends"):
        check_new_dependency(deps, Dependency(1, 2))


def test_conflicts_and_pushing_successors() -> None:
    items = {
        1: initiative(1, "2027-01-01", "2027-01-31"),
        2: initiative(2, "2027-01-20", "2027-02-10"),
        3: initiative(3, "2027-02-11", "2027-02-20"),
    }
    deps = [Dependency(1, 2), Dependency(2, 3)]
    found = conflicts(items, deps)
    assert [c.dependency for c in found] == [Dependency(1, 2)]
    assert "before 'I1' ends 2027-01-31" in found[0].describe()
    moved = push_successors(items, deps, [1])
    assert moved[2].start == date(2027, 2, 1)
    assert moved[2].end == date(2027, 2, 22)  # duration kept
    assert moved[3].start == date(2027, 2, 23)
    assert conflicts({**items, **moved}, deps) == []


def test_contrast_ratio_follows_wcag() -> None:
    from streamdesk.domain.channels import contrast_ratio

    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#FFFFFF", "#000000") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#777777") == pytest.approx(1.0)
    assert contrast_ratio("#0000FF", "#1E1E1E") < 3  # the default link colour on a dark base
