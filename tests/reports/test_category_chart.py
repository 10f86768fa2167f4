"""The candidate report's category chart: red means the panel disagrees, names stay whole."""

from scorecards.charts import category_chart_svg
from scorecards.selectors import CategorySummary, Spread


def test_it_colours_only_a_category_with_a_split_question_red_and_names_it():
    agreed = CategorySummary(name="Testing", question_count=2, spread=Spread([1, 1, 4, 4]))
    split = CategorySummary(
        name="Security", question_count=2, spread=Spread([1, 3, 3, 3]), disagreements=1
    )

    svg = category_chart_svg([agreed, split], disagreements={"Security": [7]})

    assert svg.count('fill="#b03a2e" rx="2"') == 1
    assert svg.count('fill="#2e6da4" rx="2"') == 1
    assert svg.index("Testing") < svg.index('fill="#2e6da4"') < svg.index("Security")
    assert "split on Q7" in svg
    assert svg.count("split on") == 1


def test_it_wraps_a_long_category_name_instead_of_cutting_it():
    name = "Caching, performance optimisation and database query tuning at scale"
    svg = category_chart_svg([CategorySummary(name=name, question_count=1, spread=Spread([3, 4]))])

    assert "…" not in svg
    assert ">Caching, performance optimisation</text>" in svg
    assert ">and database query tuning at scale</text>" in svg
