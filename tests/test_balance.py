from datetime import date

import pytest

from streamdesk.domain import (
    BalanceMeasure,
    Initiative,
    Item,
    ItemStatus,
    Plan,
    ValidationError,
    compute_balance,
    overall_share,
)

PLAN = Plan(band_low=0.2, band_high=0.4)


def test_initiative_straddling_months_is_spread_by_days() -> None:
    # 10 days: 2 in January (30-31), 8 in February; 100 h and 1000 budget
    research = Initiative(
        "Survey", "Research", date(2027, 1, 30), date(2027, 2, 8), effort_hours=100, budget=1000
    )
    result = compute_balance(PLAN, [research], [], "month")
    assert [p.period for p in result] == ["2027-01", "2027-02"]
    assert result[0].upstream_hours == pytest.approx(20)
    assert result[1].upstream_hours == pytest.approx(80)
    assert result[0].upstream_budget == pytest.approx(200)
    assert result[1].upstream_budget == pytest.approx(800)
    assert result[0].upstream_share == 1.0
    assert result[0].in_band is False


def test_weeks_follow_the_plans_week_start() -> None:
    # 2027-01-03 is a Sunday. Weeks start Sunday: one week holds Sun 3 .. Sat 9.
    plan = PLAN.replace(week_start=6)
    post = Item("Post", date(2027, 1, 9), 1, effort_hours=3)
    email = Item("Email", date(2027, 1, 10), 1, effort_hours=5)
    work = Initiative("Study", "Research", date(2027, 1, 3), date(2027, 1, 16), effort_hours=14)
    result = compute_balance(plan, [work], [post, email], "week")
    assert [p.period for p in result] == ["2027-01-03", "2027-01-10"]
    assert [p.downstream_hours for p in result] == [3, 5]
    assert [p.upstream_hours for p in result] == [pytest.approx(7), pytest.approx(7)]
    assert result[0].upstream_share == pytest.approx(0.7)
    assert result[1].upstream_share == pytest.approx(7 / 12)


def test_share_band_and_cancelled_items() -> None:
    work = Initiative("Study", "Research", date(2027, 3, 1), date(2027, 3, 31), effort_hours=31)
    items = [
        Item("A", date(2027, 3, 5), 1, effort_hours=50, cost=100),
        Item("B", date(2027, 3, 6), 1, effort_hours=19, cost=50),
        Item("C", date(2027, 3, 7), 1, effort_hours=500, status=ItemStatus.CANCELLED),
    ]
    (march,) = compute_balance(PLAN, [work], items, "month")
    assert march.downstream_hours == 69
    assert march.downstream_budget == 150
    assert march.downstream_count == 2
    assert march.upstream_share == pytest.approx(31 / 100)
    assert march.in_band is True


def test_budget_and_count_measures() -> None:
    work = Initiative(
        "Study", "Research", date(2027, 3, 1), date(2027, 3, 31), effort_hours=10, budget=300
    )
    items = [Item("A", date(2027, 3, 5), 1, effort_hours=90, cost=100)]
    by_budget = compute_balance(PLAN.replace(measure=BalanceMeasure.BUDGET), [work], items, "month")
    assert by_budget[0].upstream_share == pytest.approx(0.75)
    by_count = compute_balance(PLAN.replace(measure=BalanceMeasure.COUNT), [work], items, "month")
    assert by_count[0].upstream_share == pytest.approx(0.5)


def test_empty_periods_have_no_share_and_milestones_count_one_day() -> None:
    milestone = Initiative(
        "Launch", "Innovation", date(2027, 3, 31), date(2027, 3, 31), effort_hours=4
    )
    items = [Item("A", date(2027, 1, 5), 1, effort_hours=4)]
    result = compute_balance(PLAN, [milestone], items, "month")
    assert [p.period for p in result] == ["2027-01", "2027-02", "2027-03"]
    assert result[1].upstream_share is None and result[1].in_band is None
    assert result[2].upstream_hours == 4
    assert overall_share(PLAN, result) == pytest.approx(0.5)


def test_explicit_range_clips_and_empty_plan() -> None:
    work = Initiative("Study", "Research", date(2027, 1, 1), date(2027, 12, 31), effort_hours=365)
    result = compute_balance(PLAN, [work], [], "month", date(2027, 2, 1), date(2027, 2, 28))
    assert len(result) == 1 and result[0].upstream_hours == pytest.approx(28)
    assert compute_balance(PLAN, [], [], "week") == []
    with pytest.raises(ValidationError, match="unknown period"):
        compute_balance(PLAN, [work], [], "day")


def test_json_shape() -> None:
    items = [Item("A", date(2027, 1, 5), 1, effort_hours=40, cost=350)]
    work = Initiative("Study", "Research", date(2027, 1, 1), date(2027, 1, 31), effort_hours=12.5)
    (january,) = compute_balance(PLAN, [work], items, "month")
    data = january.as_json()
    assert data["period"] == "2027-01"
    assert data["upstream_hours"] == 12.5
    assert data["downstream_hours"] == 40.0
    assert data["downstream_budget"] == 350.0
    assert data["upstream_share"] == 0.238
    assert data["in_band"] is True


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.404, "40.4%"),  # outside 20–40: never "40%"
        (0.396, "39.6%"),
        (0.4, "40%"),  # on the edge, and said so
        (0.2004, "20.04%"),
        (0.3, "30%"),  # well inside: whole percents
        (0.555, "56%"),  # well outside
        (0.1951, "19.5%"),
    ],
)
def test_share_figures_near_a_band_edge_keep_their_side(value: float, text: str) -> None:
    from streamdesk.domain.balance import share_percent

    assert share_percent(value, 0.2, 0.4) == text
